// The ideas benchmark (issue 3): 100,000 ideas, 1,000,000 supports, 200,000 comments;
// /ideas filtered, sorted and paged, a search, an idea's page and a support POST, against a bare
// node:http + better-sqlite3 server running the same queries, in one run.
//
//   npm run build && node bench/ideas.js        (seeding takes a few minutes; BENCH_DB=file reuses one)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { compare, printTable, start } from "./lib.js";

const SECRET = "bench-secret-bench-secret-bench-secret-00";
let database = process.env.BENCH_DB;
let made = false;
if (!database) {
  database = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "khma-ideas-")), "khma.sqlite");
  made = true;
}
const seeded = JSON.parse(
  fs.existsSync(`${database}.bench.json`)
    ? fs.readFileSync(`${database}.bench.json`, "utf8")
    : execFileSync(process.execPath, ["--import", "tsx", "bench/seed-ideas.ts", database], {
        env: { ...process.env, NODE_ENV: "production", SESSION_SECRET: SECRET, DATABASE_PATH: database },
        stdio: ["ignore", "pipe", "inherit"],
        encoding: "utf8",
      }),
);
fs.writeFileSync(`${database}.bench.json`, JSON.stringify(seeded));

const env = { DATABASE_PATH: database, SESSION_SECRET: SECRET, KHMA_DEMO_ACCOUNTS: "0" };
const khma = await start("build/server.js", 3411, env);
const bare = await start("bench/bare-ideas-server.js", 3412, { ...env, BENCH_TOKEN: seeded.token });
const K = "http://127.0.0.1:3411";
const B = "http://127.0.0.1:3412";
const ideaPath = `/ideas/${seeded.ideaId}`;
const post = (intent) => ({
  method: "POST",
  path: ideaPath,
  headers: { "content-type": "application/x-www-form-urlencoded", cookie: seeded.cookie, origin: K },
  body: `intent=${intent}`,
});
const rows = [];
try {
  rows.push(await compare("/ideas: district filter, most supported, page 3", `${B}/ideas?district=3&sort=supported&page=3`, `${K}/ideas?district=3&sort=supported&page=3`));
  rows.push(await compare("/ideas: search «პარკ», newest", `${B}/ideas?q=${encodeURIComponent("პარკ")}`, `${K}/ideas?q=${encodeURIComponent("პარკ")}`));
  rows.push(await compare(`/ideas/:id (a popular idea, its comments and history)`, `${B}${ideaPath}`, `${K}${ideaPath}`));
  rows.push(await compare("support POST (support, then withdraw)", B, K, { requests: [post("support"), post("withdraw")] }, "3xx"));
} finally {
  khma.kill();
  bare.kill();
  if (made && !process.env.BENCH_KEEP) fs.rmSync(path.dirname(database), { recursive: true, force: true });
}
printTable(rows);
