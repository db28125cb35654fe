// Khma against a bare node:http + better-sqlite3 server doing the same reads, in one run on one
// machine. Absolute numbers drift with the machine; the ratio is what to compare over time.
//
//   npm run build && npm run bench            (about a minute)
//   BENCH_SECONDS=20 BENCH_CONNECTIONS=10 npm run bench
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { compare, printTable, start } from "./lib.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "khma-bench-"));
const env = {
  DATABASE_PATH: path.join(dir, "khma.sqlite"),
  SESSION_SECRET: "bench-secret-bench-secret-bench-secret-00",
  KHMA_DEMO_ACCOUNTS: "1",
};

// Khma first: it migrates and seeds the database the baseline then reads.
const khma = await start("build/server.js", 3401, env);
const bare = await start("bench/bare-server.js", 3402, env);
const rows = [];
try {
  for (const [name, pathname] of [
    ["home page (anonymous, Georgian)", "/"],
    ["sign-in page", "/login"],
    ["health check (one query)", "/healthz"],
  ]) {
    rows.push(await compare(name, `http://127.0.0.1:3402${pathname}`, `http://127.0.0.1:3401${pathname}`));
  }
} finally {
  khma.kill();
  bare.kill();
  fs.rmSync(dir, { recursive: true, force: true });
}
printTable(rows);
