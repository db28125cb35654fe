// The voting-rounds benchmark (issue 4): casting a ballot under load in a budget round of
// 8 projects that already holds 100,000 ballots, and that round's results page once closed, each
// against a bare node:http + better-sqlite3 server (bench/bare-rounds-server.js) in one run.
// Then one cold computation of the results (totals, turnout, greedy and MES over all ballots),
// timed in its own process with performance.now().
//
//   npm run build && npm run bench:rounds        (about 1 minute; BENCH_SECONDS, BENCH_CONNECTIONS)
//
// Every ballot POST signs in as the next of 20,000 residents (BENCH_VOTERS), round-robin, the bare
// server on one half and Khma on the other, so requests cast and change real ballots instead of
// meeting the per-account limit (30 ballots in 10 minutes).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { load, printTable, start } from "./lib.js";

const SECRET = "bench-secret-bench-secret-bench-secret-00";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "khma-rounds-"));
const database = path.join(dir, "khma.sqlite");
const env = { NODE_ENV: "production", SESSION_SECRET: SECRET, DATABASE_PATH: database };
const tsx = (...args) =>
  execFileSync(process.execPath, ["--import", "tsx", "bench/seed-rounds.ts", ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });

tsx(database, path.join(dir, "seed.json"));
const { roundId, bodies, cookies } = JSON.parse(fs.readFileSync(path.join(dir, "seed.json"), "utf8"));
const db = new Database(database);
db.pragma("busy_timeout = 5000");
const ballotCount = db.prepare("select count(*) from ballots where round_id = ?").pluck();
const changedSince = db.prepare("select count(*) from ballots where round_id = ? and updated_at >= ?").pluck();

const khma = await start("build/server.js", 3421, { ...env, KHMA_DEMO_ACCOUNTS: "0" });
const bare = await start("bench/bare-rounds-server.js", 3422, env);
const K = "http://127.0.0.1:3421";
const B = "http://127.0.0.1:3422";
const ballotPath = `/rounds/${roundId}`;
const resultsPath = `/rounds/${roundId}/results`;

// Two disjoint halves of the signed-in residents, one per server; the last one for the checks.
const half = Math.floor((cookies.length - 1) / 2);
const pools = { bare: cookies.slice(0, half), khma: cookies.slice(half, 2 * half) };
const spare = cookies[cookies.length - 1];
const ballotRequest = (origin, pool) => {
  let next = 0;
  return {
    method: "POST",
    path: ballotPath,
    headers: { "content-type": "application/x-www-form-urlencoded", origin },
    setupRequest: (req) => {
      const i = next++;
      return { ...req, headers: { ...req.headers, cookie: pool[i % pool.length] }, body: bodies[i % bodies.length] };
    },
  };
};

function summary(result, expected) {
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]));
  const total = Object.values(statuses).reduce((a, b) => a + b, 0);
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    total,
    statuses,
    ok: result.errors === 0 && result.timeouts === 0 && Object.keys(statuses).every((code) => expected.includes(code)),
  };
}
const share = (s) => Object.entries(s.statuses).map(([code, n]) => `${code}: ${n} (${((100 * n) / s.total).toFixed(1)} %)`).join(", ");

async function check(url, init, status) {
  const t = performance.now();
  const response = await fetch(url, { redirect: "manual", ...init });
  const ms = performance.now() - t;
  const text = await response.text();
  if (response.status !== status) throw new Error(`${init?.method ?? "GET"} ${url}: ${response.status}, expected ${status}\n${text.slice(0, 500)}`);
  return ms;
}

const rows = [];
const notes = [];
try {
  // One ballot on each, as a browser sends it: both must answer 302.
  const form = { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", cookie: spare }, body: bodies[0] };
  await check(`${B}${ballotPath}`, form, 302);
  await check(`${K}${ballotPath}`, { ...form, headers: { ...form.headers, origin: K } }, 302);

  // 1. Casting: each request signs in as the next resident of its server's half.
  const cast = async (origin, pool) => {
    const [count, since] = [ballotCount.get(roundId), Date.now()];
    const result = summary(await load(origin, { requests: [ballotRequest(origin, pool)] }), ["302", "429"]);
    return { result, cast: ballotCount.get(roundId) - count, changed: changedSince.get(roundId, since) };
  };
  const castBare = await cast(B, pools.bare);
  const castKhma = await cast(K, pools.khma);
  rows.push({ name: "ballot POST (budget round, 8 projects, 100,000 ballots before)", base: castBare.result, app: castKhma.result, ratio: castKhma.result.rps / castBare.result.rps });
  for (const [name, c] of [["bare", castBare], ["Khma", castKhma]]) {
    notes.push(`ballot POST, ${name}: ${share(c.result)}; ${c.cast} ballots cast, ${c.changed} changed (once or more), over ${pools.bare.length} residents`);
  }

  // 2. The same round, closed: its results are public. The first request computes them (cold).
  db.prepare("update rounds set closes_at = ? where id = ?").run(Date.now(), roundId);
  const ballots = ballotCount.get(roundId);
  const coldKhma = await check(`${K}${resultsPath}`, {}, 200);
  const warmKhma = await check(`${K}${resultsPath}`, {}, 200);
  const firstBare = await check(`${B}${resultsPath}`, {}, 200);
  const resBare = summary(await load(`${B}${resultsPath}`), ["200"]);
  const resKhma = summary(await load(`${K}${resultsPath}`), ["200"]);
  rows.push({ name: `results page of the closed round (${ballots.toLocaleString("en")} ballots; Khma's cache warm)`, base: resBare, app: resKhma, ratio: resKhma.rps / resBare.rps });
  notes.push(`results page: Khma's first request (cold, computes everything) ${coldKhma.toFixed(0)} ms, its second ${warmKhma.toFixed(0)} ms; bare's first request ${firstBare.toFixed(0)} ms`);
} finally {
  const exited = [khma, bare].map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", resolve))));
  khma.kill();
  bare.kill();
  await Promise.all(exited);
  db.close();
}

// 3. One cold computation in a fresh process (no cache), three times; the servers are stopped.
const timings = [0, 1, 2].map(() => JSON.parse(tsx("--time", database, String(roundId))));
const median = (key) => timings.map((t) => t[key]).sort((a, b) => a - b)[1];
const ms = (v) => `${v.toFixed(0)} ms`;
if (!process.env.BENCH_KEEP) fs.rmSync(dir, { recursive: true, force: true });

printTable(rows);
console.log();
for (const note of notes) console.log(`- ${note}`);
const t = timings[0];
console.log(
  `- cold results in-process (median of 3 fresh processes, ${t.ballots.toLocaleString("en")} ballots, ${t.choices.toLocaleString("en")} choices): ` +
    `${ms(median("cold"))} (runs: ${timings.map((x) => ms(x.cold)).join(", ")}); of which, measured apart: reading the ballots for MES ${ms(median("read"))}, ` +
    `MES itself ${ms(median("mes"))} (${t.runs} add1 runs), totals query ${ms(median("totals"))}, turnout ${ms(median("turnout"))}; ` +
    `warm (cache check only) ${median("warm").toFixed(1)} ms`,
);
console.log(`- funded: MES ${JSON.stringify(t.funded.mes)}, greedy ${JSON.stringify(t.funded.greedy)}`);
if (process.env.BENCH_KEEP) console.log(`\nkept ${database}`);
