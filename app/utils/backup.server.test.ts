// Backups while another process writes, restores over a stale -wal, and the refusals an IT admin meets.
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupDatabase, restoreDatabase } from "~/utils/backup.server";
import { getDb, openDatabase } from "~/utils/db.server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "khma-backup-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const live = process.env.DATABASE_PATH as string;

/** Rows the writer inserts per transaction: a consistent copy holds a multiple of it. */
const BATCH = 5;

// Stands in for the server under load: its own process and connection on the same file, writing
// small transactions as fast as it can and acknowledging each commit (the highest id) to us.
const writerScript = path.join(dir, "writer.cjs");
fs.writeFileSync(
  writerScript,
  `const Database = require(${JSON.stringify(createRequire(import.meta.url).resolve("better-sqlite3"))});
const db = new Database(process.argv[2]);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.pragma("busy_timeout = 5000");
const insert = db.prepare("insert into bench_writes (at) values (?)");
const commit = db.transaction(() => {
  let last = 0;
  for (let i = 0; i < ${BATCH}; i++) last = Number(insert.run(Date.now()).lastInsertRowid);
  return last;
});
let stop = false;
process.on("message", (message) => { if (message === "stop") stop = true; });
(function write() {
  if (stop) { db.close(); process.disconnect(); return; }
  // Bursts of commits with no pause between them, then a turn of the event loop for "stop".
  for (const end = Date.now() + 20; Date.now() < end; ) process.send(commit());
  setImmediate(write);
})();
`,
);

interface Writer {
  acknowledged(): number;
  waitFor(id: number): Promise<void>;
  stop(): Promise<void>;
}

function startWriter(file: string): Writer {
  const child: ChildProcess = fork(writerScript, [file], { execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  let acknowledged = 0;
  let failed: Error | undefined;
  child.on("message", (id) => {
    acknowledged = id as number;
  });
  child.on("exit", (code) => {
    if (code !== 0) failed = new Error(`the writer stopped with code ${code}`);
  });
  return {
    acknowledged: () => acknowledged,
    async waitFor(id) {
      while (acknowledged < id) {
        if (failed) throw failed;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    stop: () =>
      new Promise((resolve, reject) => {
        child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`the writer stopped with code ${code}`))));
        child.send("stop");
      }),
  };
}

function partials() {
  return fs.readdirSync(dir).filter((name) => /\.(partial|restoring)-/.test(name));
}

describe("backupDatabase under write load", () => {
  beforeAll(() => {
    const sqlite = getDb().$client;
    sqlite.exec(`
      create table bench_writes (id integer primary key, at integer not null);
      create table bench_padding (id integer primary key, data blob not null);`);
    // About 8 MB, so that the copy takes many steps and the writer commits between them.
    const pad = sqlite.prepare("insert into bench_padding (data) values (randomblob(4000))");
    sqlite.transaction(() => {
      for (let i = 0; i < 2000; i++) pad.run();
    })();
  });

  // SQLite restarts a stepped copy from page 1 when another process commits between two steps.
  // One page a step makes that happen at once; without backupDatabase's fallback to one step,
  // such a copy often did not finish within minutes.
  it.each([
    ["the database file, as `npm run khma -- backup` does from its own process", "file", undefined],
    ["the database file in one-page steps that the writer keeps interrupting", "file", 1],
    ["the server's own connection", "connection", undefined],
  ])("copies %s, holding every acknowledged write up to its start", async (_, source, pagesPerStep) => {
    const sqlite = getDb().$client;
    const file = path.join(dir, `load-${source}-${pagesPerStep ?? "default"}.sqlite`);
    const writer = startWriter(live);
    let acknowledged: number;
    let started: number;
    let finished: number;
    let result: Awaited<ReturnType<typeof backupDatabase>>;
    try {
      await writer.waitFor(writer.acknowledged() + 500); // writing at full speed
      acknowledged = writer.acknowledged();
      started = Date.now();
      result = await backupDatabase(source === "file" ? live : sqlite, file, { pagesPerStep });
      finished = Date.now();
      await writer.waitFor(writer.acknowledged() + 100); // still writing after the backup
    } finally {
      await writer.stop();
    }

    // The server kept writing while the backup ran.
    const during = sqlite.prepare("select count(*) from bench_writes where at between ? and ?").pluck().get(started, finished) as number;
    expect(during).toBeGreaterThan(0);

    expect(result.file).toBe(file);
    expect(result.bytes).toBe(fs.statSync(file).size);
    expect(result.bytes).toBeGreaterThan(8_000_000);
    expect(partials()).toEqual([]);

    const copy = new Database(file, { readonly: true, fileMustExist: true });
    try {
      expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(copy.pragma("journal_mode", { simple: true })).toBe("delete");
      expect(copy.pragma("page_count", { simple: true })).toBe(result.pages);
      // Every acknowledged write up to the start is there, with no gaps...
      expect(copy.prepare("select count(*) from bench_writes where id <= ?").pluck().get(acknowledged)).toBe(acknowledged);
      // ...and what came later is whole transactions only: a snapshot, not a torn copy.
      const { rows, last } = copy.prepare("select count(*) as rows, max(id) as last from bench_writes").get() as { rows: number; last: number };
      expect(rows).toBe(last);
      expect(rows % BATCH).toBe(0);
      expect(copy.prepare("select count(*) from bench_padding").pluck().get()).toBe(2000);
      // The app's own tables came along.
      expect(copy.prepare("select count(*) from municipality").pluck().get()).toBe(1);
      expect(copy.prepare("select count(*) from districts").pluck().get()).toBe(10);
      expect(copy.prepare("select count(*) from users").pluck().get()).toBe(sqlite.prepare("select count(*) from users").pluck().get());
    } finally {
      copy.close();
    }
  });
});

describe("restoreDatabase", () => {
  // A migrations folder with one migration more than the app's, as after an upgrade.
  function newerMigrations(): string {
    const folder = path.join(dir, "migrations");
    fs.cpSync(path.resolve("db/migrations"), folder, { recursive: true });
    const journalFile = path.join(folder, "meta/_journal.json");
    const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as { entries: { idx: number; when: number; tag: string }[] };
    const last = journal.entries.at(-1) as { idx: number; when: number };
    journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1, tag: "9999_after_the_backup" });
    fs.writeFileSync(journalFile, JSON.stringify(journal));
    fs.writeFileSync(path.join(folder, "9999_after_the_backup.sql"), "CREATE TABLE `after_the_backup` (`id` integer PRIMARY KEY);\n");
    return folder;
  }

  // An old database with a -wal file it never checkpointed, as after a crash: its pages must not
  // end up in the restored database.
  function staleDatabase(file: string) {
    const old = new Database(file);
    old.pragma("journal_mode = WAL");
    old.pragma("wal_autocheckpoint = 0");
    old.exec("create table stale (note text); insert into stale values ('from the old -wal')");
    for (const suffix of ["-wal", "-shm"]) fs.copyFileSync(file + suffix, `${file}${suffix}.kept`);
    old.close(); // checkpoints and deletes the -wal
    for (const suffix of ["-wal", "-shm"]) fs.renameSync(`${file}${suffix}.kept`, file + suffix);
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
  }

  it("puts the backup's rows back, not later ones nor a stale -wal's, and applies newer migrations", async () => {
    const sqlite = getDb().$client;
    const backup = path.join(dir, "before.sqlite");
    await backupDatabase(sqlite, backup);
    const districts = sqlite.prepare("select count(*) from districts").pluck().get() as number;
    sqlite
      .prepare("insert into districts (slug, name, position) values ('after-backup', ?, 99)")
      .run(JSON.stringify({ ka: "შემდეგ", en: "After the backup", az: "Sonra", ru: "После" }));

    const target = path.join(dir, "restored.sqlite");
    staleDatabase(target);
    const result = await restoreDatabase(backup, target, { migrations: newerMigrations() });
    expect(result.target).toBe(target);
    expect(result.migrationsApplied).toBe(1);
    expect(partials()).toEqual([]);

    const restored = openDatabase(target);
    try {
      const client = restored.$client;
      expect(client.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(client.prepare("select count(*) from districts").pluck().get()).toBe(districts);
      expect(client.prepare("select count(*) from districts where slug = 'after-backup'").pluck().get()).toBe(0);
      expect(client.prepare("select count(*) from municipality").pluck().get()).toBe(1);
      const tables = client.prepare("select name from sqlite_master where type = 'table'").pluck().all();
      expect(tables).not.toContain("stale");
      expect(tables).toContain("after_the_backup");
    } finally {
      restored.$client.close();
    }
  });

  it("refuses while another connection has the database open, and leaves it alone", async () => {
    const backup = path.join(dir, "for-busy.sqlite");
    await backupDatabase(live, backup);
    const target = path.join(dir, "busy.sqlite");
    await backupDatabase(live, target);
    const inUse = openDatabase(target).$client; // as the server holds it
    const before = fs.readFileSync(target);
    try {
      await expect(restoreDatabase(backup, target)).rejects.toThrow(/in use.*Stop Khma/);
      expect(fs.readFileSync(target).equals(before)).toBe(true);
    } finally {
      inUse.close();
    }
    await expect(restoreDatabase(backup, target)).resolves.toMatchObject({ migrationsApplied: 0 });
  });
});

describe("refusals", () => {
  it("does not overwrite an existing file without force, and does with it", async () => {
    const existing = path.join(dir, "existing.sqlite");
    fs.writeFileSync(existing, "keep me");
    await expect(backupDatabase(live, existing)).rejects.toThrow(/already exists.*--force/);
    expect(fs.readFileSync(existing, "utf8")).toBe("keep me");
    expect(partials()).toEqual([]);

    await backupDatabase(live, existing, { force: true });
    const copy = new Database(existing, { readonly: true });
    expect(copy.prepare("select count(*) from districts").pluck().get()).toBeGreaterThanOrEqual(10);
    copy.close();
  });

  it("does not back up into a missing folder or over the live database", async () => {
    await expect(backupDatabase(live, path.join(dir, "no-such-folder", "b.sqlite"))).rejects.toThrow(/folder .* does not exist/);
    await expect(backupDatabase(live, live, { force: true })).rejects.toThrow(/is the live database itself/);
    expect(getDb().$client.pragma("integrity_check", { simple: true })).toBe("ok");
  });

  it("does not restore a file that is not a Khma database, and leaves the target untouched", async () => {
    const target = path.join(dir, "untouched.sqlite");
    await backupDatabase(live, target);
    const before = fs.readFileSync(target);

    const text = path.join(dir, "notes.txt");
    fs.writeFileSync(text, "These are not the backups you are looking for.\n".repeat(200));
    await expect(restoreDatabase(text, target)).rejects.toThrow(/not a SQLite database/);

    const other = path.join(dir, "other.sqlite");
    const otherDb = new Database(other);
    otherDb.exec("create table t (x); insert into t values (1)");
    otherDb.close();
    await expect(restoreDatabase(other, target)).rejects.toThrow(/not a Khma one/);

    await expect(restoreDatabase(path.join(dir, "missing.sqlite"), target)).rejects.toThrow(/There is no backup/);

    expect(fs.readFileSync(target).equals(before)).toBe(true);
    expect(fs.existsSync(`${target}-wal`)).toBe(false);
    expect(partials()).toEqual([]);
  });
});
