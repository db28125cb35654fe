import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDb, openDatabase } from "./db.server";

describe("the database connection", () => {
  it("is opened with WAL, synchronous=NORMAL, foreign keys and a busy timeout", () => {
    const sqlite = getDb().$client;
    expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(sqlite.pragma("synchronous", { simple: true })).toBe(1); // NORMAL
    expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(sqlite.pragma("busy_timeout", { simple: true })).toBeGreaterThanOrEqual(1000);
  });

  it("is one handle per file", () => {
    expect(getDb()).toBe(getDb());
  });

  it("has every migration applied and the seed's municipality", () => {
    const sqlite = getDb().$client;
    const tables = sqlite.prepare("select name from sqlite_master where type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(["users", "sessions", "outbox", "rate_limits", "audit_log", "districts", "goals"]));
    expect(sqlite.prepare("select count(*) from districts").pluck().get()).toBe(10);
    expect(sqlite.prepare("select count(*) from goals").pluck().get()).toBe(7);
  });

  it("refuses a user without email and phone, and an unknown role", () => {
    const sqlite = getDb().$client;
    expect(() =>
      sqlite.prepare("insert into users (display_name, password_hash) values ('x', 'y')").run(),
    ).toThrow(/CHECK/);
    expect(() =>
      sqlite.prepare("insert into users (display_name, email, password_hash, role) values ('x', 'r@x.ge', 'y', 'king')").run(),
    ).toThrow(/CHECK/);
  });

  it("keeps the rows that point at a table a migration rebuilds (0008 rebuilds ballots)", () => {
    // A database as it was before 0008, with a ballot in it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "khma-migrate-"));
    const old = path.join(dir, "migrations");
    fs.mkdirSync(path.join(old, "meta"), { recursive: true });
    const journal = JSON.parse(fs.readFileSync("db/migrations/meta/_journal.json", "utf8"));
    journal.entries = journal.entries.filter((e: { idx: number }) => e.idx <= 7);
    fs.writeFileSync(path.join(old, "meta/_journal.json"), JSON.stringify(journal));
    for (const e of journal.entries) fs.copyFileSync(`db/migrations/${e.tag}.sql`, path.join(old, `${e.tag}.sql`));
    const file = path.join(dir, "khma.sqlite");
    const before = openDatabase(file, old).$client;
    before.exec(`insert into users (id, display_name, email, password_hash) values (1, 'A', 'a@x.ge', 'h');
      insert into rounds (id, title, description, method, opens_at, closes_at) values (1, '{}', '{}', 'approval', 0, 1);
      insert into round_options (id, round_id, title, description) values (1, 1, '{}', '{}');
      insert into ballots (id, round_id, user_id) values (1, 1, 1);
      insert into ballot_choices (ballot_id, option_id) values (1, 1);`);
    before.close();

    const after = openDatabase(file).$client;
    expect(after.prepare("select count(*) from ballot_choices").pluck().get()).toBe(1);
    expect(after.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(() => after.prepare("insert into ballots (round_id, channel) values (1, 'paper')").run()).toThrow(/CHECK/);
    after.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
