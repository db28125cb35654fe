// The one SQLite connection of this process. Migrations are applied when it opens.
import path from "node:path";
import fs from "node:fs";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "#db/schema";
import { env } from "~/utils/env.server";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const migrationsFolder = path.resolve(process.cwd(), "db/migrations");

export function openDatabase(file: string, migrations: string = migrationsFolder): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  const db = drizzle(sqlite, { schema });
  // Migrations that rebuild a table (SQLite cannot alter a constraint) must run with foreign keys
  // off, or dropping the old table would cascade-delete the rows that point at it. The check
  // afterwards refuses to start on a database the migration left inconsistent.
  sqlite.pragma("foreign_keys = OFF");
  migrate(db, { migrationsFolder: migrations });
  const broken = sqlite.pragma("foreign_key_check") as unknown[];
  if (broken.length > 0) throw new Error(`migrations left ${broken.length} broken foreign keys in ${file}`);
  sqlite.pragma("foreign_keys = ON");
  return db;
}

// Kept on globalThis so that the server bundle, the Remix build and dev reloads share one handle.
const cache = ((globalThis as { __khmaDb?: Map<string, Db> }).__khmaDb ??= new Map());

export function getDb(file: string = env.DATABASE_PATH): Db {
  let db = cache.get(file);
  if (!db) {
    db = openDatabase(file);
    cache.set(file, db);
  }
  return db;
}
