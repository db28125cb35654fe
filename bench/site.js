// The whole-site benchmark (issue 7): the pages most people open and the two writes they make,
// each at rising concurrency (1, 2, 4 … 64 connections) against a bare node:http +
// better-sqlite3 server (bench/bare-site-server.js) in the same run, on a city-sized database:
// 100,000 ideas with 1,000,000 supports and 200,000 comments (bench/seed-ideas.ts), and a budget
// round of 8 projects with 100,000 ballots (bench/seed-rounds.ts).
//
//   npm run build && npm run bench:site        (about 10 minutes; BENCH_SECONDS per step, BENCH_LEVELS="1,4,16",
//                                               BENCH_ONLY="mixed" for the cases whose name has that in it)
//
// Pages are loaded as an anonymous visitor (no cookie), so Khma answers them from its page cache
// (decision 015) after the first render. The ballot POST signs in as the next of 20,000 residents
// (two disjoint halves: one per server); the support POST supports, then withdraws, as one resident.
// The knee is the last step whose doubling of connections still raised requests/s by 10 % or more.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { load, start } from "./lib.js";

const SECRET = "bench-secret-bench-secret-bench-secret-00";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const LEVELS = (process.env.BENCH_LEVELS ?? "1,2,4,8,16,32,64").split(",").map(Number);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "khma-site-"));
const database = path.join(dir, "khma.sqlite");
const env = { NODE_ENV: "production", SESSION_SECRET: SECRET, DATABASE_PATH: database };
const seed = (script, ...args) =>
  execFileSync(process.execPath, ["--import", "tsx", script, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });

const ideas = JSON.parse(seed("bench/seed-ideas.ts", database));
seed("bench/seed-rounds.ts", database, path.join(dir, "rounds.json"));
const { roundId, bodies, cookies } = JSON.parse(fs.readFileSync(path.join(dir, "rounds.json"), "utf8"));
// The round's results are shown while it is open, so that its results page is a public page.
const db = new Database(database);
db.prepare("update rounds set results_shown = 'live' where id = ?").run(roundId);
const district = db.prepare("select district_id from ideas where listed = 1 group by district_id order by count(*) desc limit 1").pluck().get();
db.close();

const khma = await start("build/server.js", 3431, { ...env, KHMA_DEMO_ACCOUNTS: "0" });
const bare = await start("bench/bare-site-server.js", 3432, env);
const K = "http://127.0.0.1:3431";
const B = "http://127.0.0.1:3432";

// What a phone's browser sends with every request: it takes compressed answers.
const BROWSER = { "accept-encoding": "gzip, deflate, br" };
const half = Math.floor(cookies.length / 2);
const pools = { [B]: cookies.slice(0, half), [K]: cookies.slice(half, 2 * half) };
const ballot = (origin) => {
  let next = 0;
  return [
    {
      method: "POST",
      path: `/rounds/${roundId}`,
      headers: { ...BROWSER, "content-type": "application/x-www-form-urlencoded", origin },
      setupRequest: (req) => {
        const i = next++;
        return { ...req, headers: { ...req.headers, cookie: pools[origin][i % half] }, body: bodies[i % bodies.length] };
      },
    },
  ];
};
const support = (origin) =>
  ["support", "withdraw"].map((intent) => ({
    method: "POST",
    path: `/ideas/${ideas.ideaId}`,
    headers: { ...BROWSER, "content-type": "application/x-www-form-urlencoded", cookie: ideas.cookie, origin },
    body: `intent=${intent}`,
  }));
const get = (p) => () => [{ method: "GET", path: p, headers: BROWSER }];

const cases = [
  { name: "home page", requests: get("/"), expect: "2xx" },
  { name: `/ideas (a district, most supported, page 3)`, requests: get(`/ideas?district=${district}&sort=supported&page=3`), expect: "2xx" },
  { name: "an idea (/ideas/:id, popular, with comments)", requests: get(`/ideas/${ideas.ideaId}`), expect: "2xx" },
  { name: "a round (/rounds/:id, 8 projects)", requests: get(`/rounds/${roundId}`), expect: "2xx" },
  { name: "its results (/rounds/:id/results, 100,000 ballots)", requests: get(`/rounds/${roundId}/results`), expect: "2xx" },
  { name: "ballot POST", requests: ballot, expect: "3xx" },
  { name: "support POST (support, then withdraw)", requests: support, expect: "3xx" },
  // Each connection in turn: four pages, a ballot, a support, four pages, a withdrawal… Two
  // requests in six write, and each write makes every kept page stale. (Not the results page: the
  // bare server counts 100,000 ballots for each, which would make the mix measure only that.)
  {
    name: "mixed: home, /ideas, an idea, a round, then a ballot and a support or withdrawal, in turn",
    requests: (origin) => {
      const pages = [0, 1, 2, 3].map((i) => cases[i].requests()[0]);
      const [cast] = ballot(origin);
      const [give, take] = support(origin);
      return [...pages, cast, give, ...pages, cast, take];
    },
    expect: "any",
  },
];
const ONLY = process.env.BENCH_ONLY;

function summary(result, expect) {
  const good = expect === "any" ? (result["2xx"] ?? 0) + (result["3xx"] ?? 0) : expect === "3xx" ? result["3xx"] ?? 0 : result["2xx"] ?? 0;
  return {
    rps: Math.round(result.requests.average),
    p99: result.latency.p99,
    bad: result.requests.total - good + result.errors + result.timeouts,
  };
}

/** The last level whose doubling still raised req/s by 10 % or more. */
function knee(steps) {
  let at = steps[0];
  for (let i = 1; i < steps.length; i++) {
    if (steps[i].rps < steps[i - 1].rps * 1.1) break;
    at = steps[i];
  }
  return at;
}

const report = [];
try {
  // Each page once on each server first: Khma's first render of a page is not what is measured.
  for (const c of cases.slice(0, 5)) {
    for (const origin of [B, K]) {
      const r = await fetch(`${origin}${c.requests()[0].path}`);
      await r.text();
      if (r.status !== 200) throw new Error(`${origin}${c.requests()[0].path}: ${r.status}`);
    }
  }
  for (const c of cases.filter((c) => !ONLY || c.name.includes(ONLY))) {
    const steps = [];
    for (const connections of LEVELS) {
      const opts = (origin) => ({ url: origin, connections, duration: SECONDS, requests: c.requests(origin) });
      const base = summary(await load(B, opts(B)), c.expect);
      const app = summary(await load(K, opts(K)), c.expect);
      steps.push({ connections, base, app });
      process.stderr.write(`${c.name}, ${connections} connections: bare ${base.rps} req/s, Khma ${app.rps} req/s\n`);
    }
    report.push({ ...c, steps });
  }
} finally {
  const exited = [khma, bare].map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", resolve))));
  khma.kill();
  bare.kill();
  await Promise.all(exited);
  if (!process.env.BENCH_KEEP) fs.rmSync(dir, { recursive: true, force: true });
}

console.log(`\n${SECONDS} s per step, Node ${process.version}, ${os.cpus().length} cores; autocannon and both servers on this machine\n`);
console.log("| case | connections | bare req/s | bare p99 ms | Khma req/s | Khma p99 ms | Khma / bare |");
console.log("|---|---:|---:|---:|---:|---:|---:|");
for (const c of report) {
  for (const s of c.steps) {
    const flag = s.app.bad || s.base.bad ? ` (unexpected: bare ${s.base.bad}, Khma ${s.app.bad})` : "";
    console.log(`| ${c.name} | ${s.connections} | ${s.base.rps} | ${s.base.p99} | ${s.app.rps} | ${s.app.p99} | ${(s.app.rps / s.base.rps).toFixed(2)}${flag} |`);
  }
}
console.log("\nAt the knee (the last doubling of connections that still raised Khma's req/s by 10 % or more):\n");
console.log("| case | knee (connections) | Khma req/s | Khma p99 ms | bare req/s at the same step | Khma / bare |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const c of report) {
  const k = knee(c.steps.map((s) => ({ ...s, rps: s.app.rps })));
  console.log(`| ${c.name} | ${k.connections} | ${k.app.rps} | ${k.app.p99} | ${k.base.rps} | ${(k.app.rps / k.base.rps).toFixed(2)} |`);
}
