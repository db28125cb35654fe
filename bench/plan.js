// The plan benchmark (issue 6: "insights and the API with the data set of the ideas benchmark plus
// 1,000,000 ballots and 100,000 survey responses; every hub page under 200 ms at p99"):
//   1. seeds, through the app's migrations and triggers: bench/seed-ideas.ts (20,000 residents,
//      100,000 ideas, 1,000,000 supports, 200,000 comments), bench/seed-surveys.ts (a closed
//      survey of 100,000 responses and one of 10,000, two staff accounts with a session) and
//      bench/seed-plan.ts (100,000 voters, 10 rounds of 100,000 ballots, 28 measures with
//      progress reports, 2,100 links to the plan); about two minutes;
//   2. starts the production build of Khma and, for the insights page, a bare node:http +
//      better-sqlite3 server that replays the very statements the page runs
//      (bench/bare-plan-server.js), then, for each page: one cold request (the first after start:
//      what a computation costs before anything is kept in memory), then the load.
//
//   npm run build && npm run bench:plan     (BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_DB=file to reuse a seeded file, BENCH_ONLY=text)
//
// The load uses 2 connections by default: two members of staff clicking at the very same moment,
// one per core of this machine, is more than the hub's staff produce. BENCH_CONNECTIONS=10 shows
// the same pages under a crowd.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { start } from "./lib.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 2);
const SECRET = "bench-secret-bench-secret-bench-secret-00";
let database = process.env.BENCH_DB;
if (!database) database = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "khma-plan-")), "khma.sqlite");
const env = { NODE_ENV: "production", SESSION_SECRET: SECRET, DATABASE_PATH: database };
const tsx = (script, args, out) => {
  const text = execFileSync(process.execPath, ["--import", "tsx", script, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
  if (out) fs.writeFileSync(out, text);
};

const seedFile = `${database}.plan.json`;
const queriesFile = `${database}.insights-queries.json`;
if (!fs.existsSync(seedFile)) {
  const started = performance.now();
  tsx("bench/seed-ideas.ts", [database]);
  tsx("bench/seed-surveys.ts", [database, `${database}.surveys.json`]);
  tsx("bench/seed-plan.ts", [database], seedFile);
  console.error(`seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
tsx("bench/seed-plan.ts", ["--record", database, queriesFile]);
const { roundIds } = JSON.parse(fs.readFileSync(seedFile, "utf8"));
const { surveyId, cookie } = JSON.parse(fs.readFileSync(`${database}.surveys.json`, "utf8"));

const K = "http://127.0.0.1:3441";
const B = "http://127.0.0.1:3442";
const khma = await start("build/server.js", 3441, { ...env, KHMA_DEMO_ACCOUNTS: "0", TRUST_PROXY: "loopback" });
const bare = await start("bench/bare-plan-server.js", 3442, { ...env, BENCH_QUERIES: queriesFile });

async function once(url, headers) {
  const t = performance.now();
  const response = await fetch(url, { headers: { ...headers, "x-forwarded-for": nextAddress() }, redirect: "manual" });
  const body = await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status}`);
  return { ms: performance.now() - t, bytes: body.byteLength };
}

// The API allows 600 requests a minute from one address: each request here comes from another
// (X-Forwarded-For, which Khma honours behind its proxy with TRUST_PROXY), as from many readers.
let client = 0;
const nextAddress = () => {
  client += 1;
  return `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}`;
};

function load(url, headers) {
  const requests = [{ setupRequest: (request) => ({ ...request, headers: { ...request.headers, "x-forwarded-for": nextAddress() } }) }];
  return new Promise((resolve, reject) =>
    autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers, requests }, (error, result) => (error ? reject(error) : resolve(result))),
  );
}

const measureId = 1;
const staff = { cookie };
const cases = [
  ["hub", "/hub (staff home)", "/hub", staff],
  ["hub", "/hub/insights (last 26 weeks)", "/hub/insights", staff],
  ["hub", "/hub/insights (3 years)", `/hub/insights?from=${new Date(Date.now() - 3 * 365 * 86_400_000).toISOString().slice(0, 10)}`, staff],
  ["hub", "/hub/insights (a district)", "/hub/insights?district=3", staff],
  ["hub", "/hub/insights (a goal)", "/hub/insights?goal=2", staff],
  ["hub", "/hub/insights.csv (districts)", "/hub/insights.csv?view=districts", staff],
  ["hub", "/hub/insights.xlsx (every view)", "/hub/insights.xlsx", staff],
  ["hub", "/hub/plan", "/hub/plan", staff],
  ["hub", "/hub/plan/measures/:id", `/hub/plan/measures/${measureId}`, staff],
  ["hub", "/hub/ideas", "/hub/ideas", staff],
  ["hub", "/hub/rounds", "/hub/rounds", staff],
  ["hub", "/hub/rounds/:id (100,000 ballots)", `/hub/rounds/${roundIds[0]}`, staff],
  ["hub", "/hub/surveys", "/hub/surveys", staff],
  ["hub", "/hub/surveys/:id/results (100,000 responses)", `/hub/surveys/${surveyId}/results`, staff],
  ["hub", "/hub/audit", "/hub/audit", staff],
  ["public", "/plan", "/plan", {}],
  ["public", "/plan/:goalId", "/plan/1", {}],
  ["public", "/plan/report", "/plan/report", {}],
  ["public", "/results", "/results", {}],
  ["api", "/api/v1/plan", "/api/v1/plan", {}],
  ["api", "/api/v1/goals/:id", "/api/v1/goals/1", {}],
  ["api", "/api/v1/measures", "/api/v1/measures", {}],
  ["api", "/api/v1/ideas (page 1)", "/api/v1/ideas", {}],
  ["api", "/api/v1/ideas (page 100)", "/api/v1/ideas?page=100", {}],
  ["api", "/api/v1/rounds", "/api/v1/rounds", {}],
  ["api", "/api/v1/rounds/:id/results", `/api/v1/rounds/${roundIds[0]}/results`, {}],
  ["api", "/api/v1/stats/participation", "/api/v1/stats/participation", {}],
  ["api", "/api/v1/surveys/:id/results", `/api/v1/surveys/${surveyId}/results`, {}],
];

// BENCH_ONLY=text runs only the pages whose name contains it (and the baseline).
const only = process.env.BENCH_ONLY;
const rows = [];
try {
  // The bare baseline first, then Khma's same page, then everything else.
  const baseCold = await once(`${B}/hub/insights`, {});
  const base = await load(`${B}/hub/insights`, {});
  rows.push({ group: "bare", name: "bare: the insights page's statements, tiny HTML", cold: baseCold.ms, bytes: baseCold.bytes, result: base });
  for (const [group, name, pathname, headers] of cases) {
    if (only && !name.includes(only)) continue;
    const cold = await once(`${K}${pathname}`, headers);
    const result = await load(`${K}${pathname}`, headers);
    rows.push({ group, name, cold: cold.ms, bytes: cold.bytes, result });
    process.stderr.write(".");
  }
} finally {
  khma.kill();
  bare.kill();
}

const baseRps = rows[0].result.requests.total / SECONDS;
console.log(`\n${CONNECTIONS} connections, ${SECONDS} s per case, Node ${process.version}, ${os.cpus().length} cores\n`);
console.log("| page | first request ms | req/s | p50 ms | p99 ms | kB | non-2xx | under 200 ms at p99 |");
console.log("|---|---:|---:|---:|---:|---:|---:|---|");
for (const r of rows) {
  const rps = r.result.requests.total / SECONDS;
  const bad = r.result.non2xx + r.result.errors + r.result.timeouts;
  const mark = r.group === "hub" ? (r.result.latency.p99 < 200 && bad === 0 ? "yes" : "**no**") : "";
  console.log(`| ${r.name} | ${Math.round(r.cold)} | ${Math.round(rps)} | ${r.result.latency.p50} | ${r.result.latency.p99} | ${Math.round(r.bytes / 1024)} | ${bad} | ${mark} |`);
}
const insights = rows.find((r) => r.name.startsWith("/hub/insights (last"));
if (insights) console.log(`\nKhma's insights page / bare replay of its statements: ${(insights.result.requests.total / SECONDS / baseRps).toFixed(3)} (${Math.round(insights.result.requests.total / SECONDS)} vs ${Math.round(baseRps)} req/s)`);
