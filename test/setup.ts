// Each test file gets its own copy of the migrated, seeded base database.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const base = process.env.KHMA_TEST_BASE_DB;
if (!base) throw new Error("test/global-setup.ts did not run");
const copy = path.join(path.dirname(base), `${crypto.randomUUID()}.sqlite`);
fs.copyFileSync(base, copy);
process.env.DATABASE_PATH = copy;
process.env.NODE_ENV = "test";
process.env.SESSION_SECRET ??= "test-secret-test-secret-test-secret-0123";
