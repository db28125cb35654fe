// Makes one migrated, seeded database; every test file starts from its own copy (test/setup.ts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export default async function globalSetup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "khma-test-"));
  const base = path.join(dir, "base.sqlite");
  process.env.NODE_ENV = "test";
  process.env.DATABASE_PATH = base;
  process.env.SESSION_SECRET ??= "test-secret-test-secret-test-secret-0123";
  const { openDatabase } = await import("../app/utils/db.server");
  const { seedIfEmpty } = await import("../db/seed/index");
  const db = openDatabase(base);
  await seedIfEmpty(db, { demoAccounts: true });
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
  process.env.KHMA_TEST_BASE_DB = base;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
