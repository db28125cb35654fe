// Backups of the live database while Khma runs, and restoring one (decision 012).
//
// A backup goes through SQLite's online backup API, never a file copy: the database is in WAL
// mode, so recent commits live in the -wal file, and copying the files while a write is under
// way can give a torn database. The copy is written beside the destination under a ".partial"
// name, checked, and only then renamed, so a file with the final name is always a whole backup.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { openDatabase } from "~/utils/db.server";

export interface BackupOptions {
  /** Replace an existing file at the destination. */
  force?: boolean;
  /** Pages copied per turn of the event loop while nobody else writes (better-sqlite3's default is 100). */
  pagesPerStep?: number;
}

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
  ms: number;
}

export interface RestoreOptions {
  /** The migrations folder to apply after restoring (the app's own by default; tests pass another). */
  migrations?: string;
}

export interface RestoreResult {
  file: string;
  target: string;
  bytes: number;
  /** Migrations newer than the backup, applied after restoring it. */
  migrationsApplied: number;
  ms: number;
}

const ALL_PAGES = 0x7fffffff;

/**
 * Copies a database to `file` with SQLite's online backup API while other connections and
 * processes keep reading and writing it. The copy holds every transaction committed before the
 * call (and possibly some after it), never half of one.
 */
export async function backupDatabase(
  source: Database.Database | string,
  file: string,
  opts: BackupOptions = {},
): Promise<BackupResult> {
  const started = performance.now();
  const destination = path.resolve(file);
  const folder = path.dirname(destination);
  if (!isFolder(folder)) throw new Error(`Cannot write the backup: the folder ${folder} does not exist.`);
  if (!opts.force && fs.existsSync(destination)) {
    throw new Error(`${file} already exists; choose another file name, or add --force to replace it.`);
  }
  if (typeof source === "string" && !fs.existsSync(source)) throw new Error(`There is no database at ${source}.`);

  const own = typeof source === "string";
  const db = own ? new Database(source, { fileMustExist: true }) : source;
  if (own) db.pragma("busy_timeout = 5000");
  const temporary = `${destination}.partial-${crypto.randomBytes(4).toString("hex")}`;
  try {
    if (!db.memory && sameFile(db.name, destination)) throw new Error(`${file} is the live database itself; choose another file.`);
    const step = Math.max(1, Math.floor(opts.pagesPerStep ?? 100));
    // SQLite restarts the copy from page 1 when another connection (the server, when this runs
    // from the command line) commits between two steps, so under steady writes a stepped copy
    // might never finish. After the first restart, the rest is copied in one step, inside one
    // read transaction: in WAL mode that blocks no writer, and the snapshot is consistent.
    // Writes through `db` itself are carried into the copy by SQLite and never restart it.
    let previous: { remaining: number; step: number } | undefined;
    let allAtOnce = false;
    const { totalPages } = await db.backup(temporary, {
      progress({ remainingPages }) {
        if (previous && remainingPages > previous.remaining - previous.step) allAtOnce = true;
        const next = allAtOnce ? ALL_PAGES : step;
        previous = { remaining: remainingPages, step: next };
        return next;
      },
    });
    // The copy of a WAL database is marked WAL too; make the backup one self-contained file, so
    // that opening it later does not create -wal and -shm files beside it.
    const copy = new Database(temporary, { fileMustExist: true });
    try {
      copy.pragma("journal_mode = DELETE");
    } finally {
      copy.close();
    }
    check(temporary, "The backup");
    fsyncFile(temporary);
    publish(temporary, destination, file, opts.force === true);
    fsyncFolder(folder);
    return { file: destination, bytes: fs.statSync(destination).size, pages: totalPages, ms: Math.round(performance.now() - started) };
  } catch (error) {
    for (const suffix of ["", "-journal", "-wal", "-shm"]) fs.rmSync(temporary + suffix, { force: true });
    throw error;
  } finally {
    if (own) db.close();
  }
}

/**
 * Puts a backup in place of the database at `target`, then opens it once through openDatabase so
 * that migrations newer than the backup are applied. Khma must be stopped: this cannot know about
 * every process that has the database open (it does notice one on this machine that has read it).
 */
export async function restoreDatabase(file: string, target: string, opts: RestoreOptions = {}): Promise<RestoreResult> {
  const started = performance.now();
  const source = path.resolve(file);
  const destination = path.resolve(target);
  if (!fs.existsSync(source)) throw new Error(`There is no backup at ${file}.`);
  if (sameFile(source, destination)) throw new Error(`${file} is the database itself; nothing to restore.`);
  const before = check(source, file, { khma: true });
  fs.mkdirSync(path.dirname(destination), { recursive: true });
  refuseIfOpen(destination);

  const temporary = `${destination}.restoring-${crypto.randomBytes(4).toString("hex")}`;
  try {
    // Through the backup API rather than a file copy, so a backup that itself has a -wal file
    // beside it is copied with what that file holds.
    const backup = new Database(source, { readonly: true, fileMustExist: true });
    try {
      await backup.backup(temporary);
    } finally {
      backup.close();
    }
    fsyncFile(temporary);
    // The old database's -wal would be replayed onto the restored file, page by page: remove it
    // (and the -shm index of it, and a rollback journal) before the new file takes the name.
    for (const suffix of ["-wal", "-shm", "-journal"]) fs.rmSync(destination + suffix, { force: true });
    fs.renameSync(temporary, destination);
    fsyncFolder(path.dirname(destination));
  } catch (error) {
    for (const suffix of ["", "-journal", "-wal", "-shm"]) fs.rmSync(temporary + suffix, { force: true });
    throw error;
  }

  const db = openDatabase(destination, opts.migrations);
  let after: number;
  try {
    after = migrationCount(db.$client);
  } finally {
    db.$client.close();
  }
  return {
    file: source,
    target: destination,
    bytes: fs.statSync(destination).size,
    migrationsApplied: after - before,
    ms: Math.round(performance.now() - started),
  };
}

/** Opens `file` read-only and checks it; returns how many migrations it has. Throws a readable message. */
function check(file: string, label: string, { khma = false }: { khma?: boolean } = {}): number {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const integrity = (db.pragma("integrity_check(10)") as { integrity_check: string }[]).map((row) => row.integrity_check);
    if (integrity.join() !== "ok") throw new Error(`${label} fails SQLite's integrity check: ${integrity.join("; ")}`);
    const broken = db.pragma("foreign_key_check") as unknown[];
    if (broken.length > 0) throw new Error(`${label} has ${broken.length} rows pointing at rows that do not exist (foreign_key_check).`);
    const migrations = migrationCount(db);
    if (khma && migrations === 0) throw new Error(`${label} is a SQLite database but not a Khma one (it has no migrations table).`);
    return migrations;
  } catch (error) {
    if (error instanceof Database.SqliteError && (error.code === "SQLITE_NOTADB" || error.code === "SQLITE_CORRUPT")) {
      throw new Error(`${label} is not a SQLite database, or is damaged (${error.message}).`);
    }
    throw error;
  } finally {
    db?.close();
  }
}

function migrationCount(db: Database.Database): number {
  const table = db.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  return table ? (db.prepare("select count(*) from __drizzle_migrations").pluck().get() as number) : 0;
}

// Best effort: a connection in WAL mode keeps a shared lock on the database file while it is open
// (the server reads it at start-up), so an exclusive lock fails while Khma runs on this machine.
// Another machine on a network share, or a process that has not read yet, goes unnoticed.
function refuseIfOpen(file: string) {
  if (!fs.existsSync(file)) return;
  let probe: Database.Database | undefined;
  try {
    probe = new Database(file, { fileMustExist: true, timeout: 0 });
    probe.pragma("locking_mode = EXCLUSIVE");
    probe.exec("BEGIN EXCLUSIVE");
    probe.exec("ROLLBACK");
  } catch (error) {
    if (error instanceof Database.SqliteError && error.code.startsWith("SQLITE_BUSY")) {
      throw new Error(`The database ${file} is in use by another program (is Khma running?). Stop Khma, then restore.`);
    }
    // A damaged or unreadable old database is what a restore is for: go on.
  } finally {
    probe?.close();
  }
}

// Without --force, link() refuses an existing name, so a file made meanwhile is not replaced.
function publish(temporary: string, destination: string, label: string, force: boolean) {
  if (force) {
    fs.renameSync(temporary, destination);
    return;
  }
  try {
    fs.linkSync(temporary, destination);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new Error(`${label} already exists; choose another file name, or add --force to replace it.`);
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EXDEV") throw error;
    // A file system without hard links.
    if (fs.existsSync(destination)) throw new Error(`${label} already exists; choose another file name, or add --force to replace it.`);
    fs.renameSync(temporary, destination);
    return;
  }
  fs.unlinkSync(temporary);
}

function sameFile(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    const [x, y] = [fs.statSync(a), fs.statSync(b)];
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

function isFolder(folder: string): boolean {
  try {
    return fs.statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

function fsyncFile(file: string) {
  const fd = fs.openSync(file, "r+");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

// So that the rename survives a power cut. Not possible on every platform (Windows): best effort.
function fsyncFolder(folder: string) {
  try {
    const fd = fs.openSync(folder, "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // the rename is done; only its durability across a power cut is less certain
  }
}
