// Crash safety (issue 7): residents vote at full speed, the server is killed with SIGKILL at a
// random moment, restarted on the database it left behind (WAL recovery), and the database is
// checked with no server running:
//   - PRAGMA integrity_check is ok and PRAGMA foreign_key_check finds nothing;
//   - every ballot whose 302 a client received is stored with exactly its choices (or, only when
//     a later request of the same resident was in flight at the kill, with that one's);
//   - no resident has a ballot that was never sent, and no ballot has zero choices;
//   - every round's ballots_count (migration 0016) equals count(*) of its ballots, and the round's
//     ballots_version (migration 0010) moved by one per acknowledged ballot, plus at most one per
//     request in flight at the kill;
//   - the participation counts by day (triggers of migration 0014) equal a fresh count
//     (checkParticipationCounts, imported from the app through tsx);
//   - the ballots nobody voted on in this test (the seeded ones) are unchanged.
//
//   node bench/crash.js        (uses the existing build/; about 1 minute for 20 runs)
//
// CRASH_RUNS (20), CRASH_SEED (random; printed, chooses the kill moments and the ballots),
// CRASH_CLIENTS (8 concurrent requests), CRASH_PORT (3460), CRASH_KEEP=1 keeps the database;
// BENCH_BALLOTS (1000) and BENCH_VOTERS (5000) size the data set bench/seed-rounds.ts makes.
// Exits 1 on the first run that fails a check, naming the resident and the ballot.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { tsImport } from "tsx/esm/api";
import { start } from "./lib.js";

const RUNS = Number(process.env.CRASH_RUNS ?? 20);
const CLIENTS = Number(process.env.CRASH_CLIENTS ?? 8);
const PORT = Number(process.env.CRASH_PORT ?? 3460);
const SEED = process.env.CRASH_SEED ? Number(process.env.CRASH_SEED) >>> 0 : crypto.randomInt(2 ** 32);
const KILL_AFTER_MS = [300, 2000];
/** Share of requests that change an acknowledged ballot rather than cast a new one. */
const CHANGE_SHARE = 1 / 3;
const BALLOTS = process.env.BENCH_BALLOTS ?? "1000";
const VOTERS = process.env.BENCH_VOTERS ?? "5000";
const NONE = "none";

const SECRET = "bench-secret-bench-secret-bench-secret-00";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "khma-crash-"));
const database = path.join(dir, "khma.sqlite");
const env = { NODE_ENV: "production", SESSION_SECRET: SECRET, DATABASE_PATH: database, KHMA_DEMO_ACCOUNTS: "0" };
// Read by the app's env module when checkParticipationCounts is imported below (it opens nothing).
Object.assign(process.env, env);

// A deterministic generator (mulberry32): the same CRASH_SEED gives the same kill moments and ballots.
let state = SEED;
const random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pickOne = (list) => list[Math.floor(random() * list.length)];

const started = performance.now();
console.log(`crash test: ${RUNS} runs, ${CLIENTS} concurrent clients, kill between ${KILL_AFTER_MS[0]} and ${KILL_AFTER_MS[1]} ms into the load, seed ${SEED} (CRASH_SEED=${SEED} repeats the choices)`);

// 1. One fresh database: the rounds benchmark's, smaller.
execFileSync(process.execPath, ["--import", "tsx", "bench/seed-rounds.ts", database, path.join(dir, "seed.json")], {
  env: { ...process.env, ...env, BENCH_BALLOTS: BALLOTS, BENCH_VOTERS: VOTERS },
  stdio: ["ignore", "inherit", "inherit"],
});
const { roundId, bodies, cookies } = JSON.parse(fs.readFileSync(path.join(dir, "seed.json"), "utf8"));
const { checkParticipationCounts } = await tsImport("../app/models/participation.server.ts", import.meta.url);

/** A ballot as a sorted list of option ids ("3,5,8"), or NONE. */
const canonical = (ids) => [...ids].sort((a, b) => a - b).join(",");
const shown = (c) => (c === NONE ? "no ballot" : c === "" ? "a ballot with no choices" : `[${c}]`);
const choicesOf = (body) => canonical(new URLSearchParams(body).getAll("option").map(Number));

// The residents who vote: seed-rounds.ts made voter{BALLOTS + i}@bench.test for cookie i.
const residents = (() => {
  const db = new Database(database, { readonly: true, fileMustExist: true });
  const id = db.prepare("select id from users where email = ?").pluck();
  const list = cookies.map((cookie, i) => {
    const email = `voter${Number(BALLOTS) + i}@bench.test`;
    const userId = id.get(email);
    if (!userId) throw new Error(`seed: no user ${email}`);
    // base: the ballot known to be stored (from a 302 or from the last check); pending: requests
    // since then that were in flight at a kill, which may or may not be stored.
    return { index: i, userId, email, cookie, base: NONE, baseFrom: "seeded without a ballot", pending: [], busy: false, voted: false };
  });
  db.close();
  return list;
})();
const byUser = new Map(residents.map((r) => [r.userId, r]));
const unvoted = [...residents];
const voted = [];

/** The seeded ballots of everyone else, as a fingerprint: nothing here may change. */
function othersFingerprint(rows) {
  const hash = crypto.createHash("sha256");
  for (const row of rows) if (!byUser.has(row[2])) hash.update(`${row.join(":")}\n`);
  return hash.digest("hex");
}
const allBallots = (db) =>
  db
    .prepare("select b.id, b.round_id, b.user_id, b.channel, b.district_id, b.created_at, c.option_id from ballots b left join ballot_choices c on c.ballot_id = b.id order by b.id, c.option_id")
    .raw()
    .all();
const roundState = (db) => db.prepare("select ballots_version as version, ballots_count as count from rounds where id = ?").get(roundId);

const initial = (() => {
  const db = new Database(database, { readonly: true, fileMustExist: true });
  try {
    return { others: othersFingerprint(allBallots(db)), version: roundState(db).version };
  } finally {
    db.close();
  }
})();

/** The checks, on the database as the killed (or stopped) server left it; no server running. */
function check(run, stats) {
  const failures = [];
  const db = new Database(database, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma("integrity_check").map((row) => row.integrity_check);
    if (integrity.length !== 1 || integrity[0] !== "ok") failures.push(`PRAGMA integrity_check: ${integrity.slice(0, 10).join("; ")}`);
    const foreign = db.pragma("foreign_key_check");
    if (foreign.length) failures.push(`PRAGMA foreign_key_check: ${foreign.length} rows, first ${JSON.stringify(foreign.slice(0, 5))}`);

    const rows = allBallots(db);
    const stored = new Map();
    for (const [id, round, userId, , , , optionId] of rows) {
      const r = byUser.get(userId);
      if (!r) continue;
      if (round !== roundId) {
        failures.push(`resident ${r.index} (user ${r.userId}, ${r.email}): ballot ${id} in round ${round}, where nobody voted`);
        continue;
      }
      const entry = stored.get(userId) ?? { id, options: [] };
      if (entry.id !== id) failures.push(`resident ${r.index} (user ${r.userId}): two ballots (${entry.id}, ${id}) in round ${round}, against the unique index`);
      if (optionId !== null) entry.options.push(optionId);
      stored.set(userId, entry);
    }
    if (othersFingerprint(rows) !== initial.others) failures.push("the seeded ballots (of residents this test does not vote for) changed");

    // Every resident: the stored ballot is the acknowledged one, or one that was in flight at the kill.
    let inFlightStored = 0;
    for (const r of residents) {
      const entry = stored.get(r.userId);
      const actual = entry ? canonical(entry.options) : NONE;
      const possible = new Set([r.base, ...r.pending.map((p) => p.choices)]);
      if (!possible.has(actual)) {
        const later = r.pending.map((p) => `; a later request ${shown(p.choices)} (run ${p.run}, request #${p.seq}) was in flight at the kill`).join("");
        failures.push(`resident ${r.index} (user ${r.userId}, ${r.email}): stored ${shown(actual)}${entry ? ` (ballot ${entry.id})` : ""}, expected ${shown(r.base)}, ${r.baseFrom}${later}`);
        continue;
      }
      if (actual !== r.base) {
        inFlightStored++;
        r.baseFrom = `as stored after the kill of run ${run} (a request in flight was committed)`;
      }
      r.base = actual;
      r.pending = [];
      if (actual !== NONE && !r.voted) {
        r.voted = true;
        voted.push(r);
      }
    }

    const counts = db.prepare("select r.id, r.ballots_count, (select count(*) from ballots b where b.round_id = r.id) from rounds r").raw().all();
    for (const [id, kept, counted] of counts) if (kept !== counted) failures.push(`round ${id}: ballots_count ${kept}, but ${counted} ballots`);
    const empty = db.prepare("select b.id, b.round_id, b.user_id from ballots b where not exists (select 1 from ballot_choices c where c.ballot_id = b.id)").raw().all();
    for (const [id, round, userId] of empty) failures.push(`ballot ${id} (round ${round}, user ${userId}${byUser.has(userId) ? `, resident ${byUser.get(userId).index}` : ""}) has no choices`);
    const participation = checkParticipationCounts(db);
    if (participation.length) failures.push(`participation counts differ from a fresh count in ${participation.length} rows, first: ${JSON.stringify(participation.slice(0, 5))} ([series, day, district, goal, channel, age band, gender, kept, counted])`);

    // Every cast bumps ballots_version once (trigger): acknowledged ≤ casts ≤ acknowledged + in
    // flight, and the in-flight casts committed are those seen above, plus any whose choices were
    // those already stored (indistinguishable).
    const now = roundState(db);
    const casts = now.version - stats.versionBefore;
    if (casts < stats.acked || casts > stats.acked + stats.inFlight) {
      failures.push(`round ${roundId}: ballots_version moved by ${casts}, but ${stats.acked} ballots were acknowledged and ${stats.inFlight} requests were in flight at the kill`);
    } else if (casts - stats.acked < inFlightStored || casts - stats.acked > inFlightStored + stats.inFlightSame) {
      failures.push(`round ${roundId}: ballots_version says ${casts - stats.acked} requests in flight were committed, the ballots show ${inFlightStored}`);
    }
    return { failures, ballots: now.count, version: now.version, inFlightStored: casts - stats.acked };
  } finally {
    db.close();
  }
}

/** The next resident to vote: mostly one who has not voted, else a change; never two requests at once. */
function nextResident() {
  const change = () => {
    for (let tries = 0; tries < 20; tries++) {
      const r = pickOne(voted);
      if (!r.busy) return r;
    }
    return null;
  };
  if (voted.length && (random() < CHANGE_SHARE || !unvoted.length)) {
    const r = change();
    if (r) return r;
  }
  while (unvoted.length) {
    const r = unvoted.shift();
    if (!r.busy && r.base === NONE) return r;
  }
  // Everyone left without a ballot is busy or has voted meanwhile: change a ballot instead.
  return voted.length ? change() : null;
}

let seq = 0;
/** One ballot POST as a browser sends it; resolves (never rejects) once the request is settled. */
function vote(r, run, agent, load) {
  let body = pickOne(bodies);
  for (let tries = 0; tries < 5 && choicesOf(body) === r.base; tries++) body = pickOne(bodies);
  const request = { resident: r, run, seq: ++seq, choices: choicesOf(body), wasNew: r.base === NONE && r.pending.length === 0 };
  r.busy = true;
  load.inFlight.set(request.seq, request);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome, detail) => {
      if (settled) return;
      settled = true;
      load.inFlight.delete(request.seq);
      r.busy = false;
      if (outcome === "ack") {
        load.acked++;
        if (request.wasNew) load.new++;
        if (load.killed) load.late++;
        r.base = request.choices;
        r.baseFrom = `acknowledged in run ${run} (request #${request.seq}, 302 received ${(performance.now() - load.at).toFixed(0)} ms into the load${load.killed ? ", after the kill signal" : ""})`;
        r.pending = [];
        if (!r.voted) {
          r.voted = true;
          voted.push(r);
        }
      } else if (outcome === "refused") {
        load.refused++;
      } else if (outcome === "lost" && load.killed) {
        // In flight at the kill: it may or may not be stored.
        load.lost.push(request);
        r.pending.push(request);
        if (request.choices === r.base) load.inFlightSame++;
        if (!r.voted) unvoted.push(r);
      } else {
        load.failures.push(`resident ${r.index} (user ${r.userId}, ${r.email}), run ${run}, request #${request.seq} ${shown(request.choices)}: ${detail}`);
        r.pending.push(request);
      }
      resolve();
    };
    const req = http.request(
      {
        host: "127.0.0.1",
        port: PORT,
        method: "POST",
        path: `/rounds/${roundId}`,
        agent,
        headers: { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body), cookie: r.cookie, origin: `http://127.0.0.1:${PORT}` },
      },
      (res) => {
        if (res.statusCode === 302 && res.headers.location === `/rounds/${roundId}/voted`) {
          settle("ack");
          res.resume();
        } else if (res.statusCode === 429) {
          settle("refused");
          res.resume();
        } else {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk) => (text += chunk));
          const done = () => settle("unexpected", `answered ${res.statusCode}${res.headers.location ? ` → ${res.headers.location}` : ""}${load.killed ? " (after the kill signal)" : ""}: ${text.slice(0, 200)}`);
          res.on("end", done);
          res.on("close", done);
        }
        res.on("error", () => {});
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error("no answer in 30 s")));
    req.on("error", (error) => settle("lost", `${load.killed ? "" : "before the kill: "}${error.code ?? error.message}`));
    req.end(body);
  });
}

// The server of the current run: stopped if this script ends early, so no run leaves its port taken.
let running = null;
process.on("exit", () => running?.kill("SIGKILL"));

async function startServer() {
  const at = performance.now();
  let timer;
  const child = await Promise.race([
    start("build/server.js", PORT, env),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("the server did not say \"running on\" within 60 s")), 60_000))),
  ]).finally(() => clearTimeout(timer));
  running = child;
  return { child, ms: performance.now() - at };
}
const exitOf = (child) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve({ code: child.exitCode, signal: child.signalCode }) : child.once("exit", (code, signal) => resolve({ code, signal }))));

/** One run: start on the database as it is, vote flat out, SIGKILL at a random moment. */
async function runOnce(run, versionBefore) {
  const { child, ms: recoveryMs } = await startServer();
  const exited = exitOf(child);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const killAfter = KILL_AFTER_MS[0] + random() * (KILL_AFTER_MS[1] - KILL_AFTER_MS[0]);
  const load = { at: performance.now(), killed: false, inFlight: new Map(), lost: [], acked: 0, new: 0, late: 0, refused: 0, inFlightSame: 0, failures: [] };
  let killedAt = 0;
  let inFlightAtKill = 0;
  const killed = new Promise((resolve) =>
    setTimeout(() => {
      load.killed = true;
      killedAt = performance.now() - load.at;
      inFlightAtKill = load.inFlight.size;
      child.kill("SIGKILL");
      resolve();
    }, killAfter),
  );
  const clients = Array.from({ length: CLIENTS }, async () => {
    while (!load.killed) {
      const r = nextResident();
      if (!r) throw new Error("no resident left to vote: raise BENCH_VOTERS");
      await vote(r, run, agent, load);
    }
  });
  await killed;
  const exit = await exited;
  await Promise.all(clients);
  agent.destroy();
  if (exit.signal !== "SIGKILL") load.failures.push(`the server exited by itself (code ${exit.code}, signal ${exit.signal}) before the kill`);
  const result = check(run, { versionBefore, acked: load.acked, inFlight: load.lost.length, inFlightSame: load.inFlightSame });
  return { ...result, late: load.late, failures: [...load.failures, ...result.failures], recoveryMs, killedAt, plannedKill: killAfter, inFlightAtKill, acked: load.acked, new: load.new, refused: load.refused, lost: load.lost.length };
}

const runs = [];
let version = initial.version;
let failed = null;
let finalStart = null;
try {
  for (let run = 1; run <= RUNS && !failed; run++) {
    const r = await runOnce(run, version);
    version = r.version;
    runs.push(r);
    console.log(
      `run ${String(run).padStart(2)}/${RUNS}: kill at ${(r.killedAt / 1000).toFixed(3)} s, ${r.acked} acknowledged (${r.new} new, ${r.acked - r.new} changed; ${r.late} of the 302s read after the kill signal), ` +
        `${r.lost} in flight at the kill (${r.inFlightStored} of them stored), ${r.refused} refused (429); ${r.ballots} ballots stored; ` +
        `${run === 1 ? "first start" : "recovery"} ${r.recoveryMs.toFixed(0)} ms: ${r.failures.length ? "FAILED" : "ok"}`,
    );
    if (r.failures.length) failed = { run, failures: r.failures };
  }
  if (!failed) {
    // The last kill's database must start too; then a clean stop, and the checks once more.
    const { child, ms } = await startServer();
    finalStart = ms;
    const exited = exitOf(child);
    child.kill("SIGTERM");
    const exit = await exited;
    const r = check(RUNS + 1, { versionBefore: version, acked: 0, inFlight: 0, inFlightSame: 0 });
    if (exit.code !== 0) r.failures.push(`the server stopped with code ${exit.code}, signal ${exit.signal} on SIGTERM`);
    console.log(`after the last kill: recovery ${ms.toFixed(0)} ms, stopped with SIGTERM, ${r.ballots} ballots stored: ${r.failures.length ? "FAILED" : "ok"}`);
    if (r.failures.length) failed = { run: "after the last kill", failures: r.failures };
  }
} catch (error) {
  failed = { run: runs.length + 1, failures: [error.stack ?? String(error)] };
}

const sum = (key) => runs.reduce((a, r) => a + r[key], 0);
const recoveries = [...runs.slice(1).map((r) => r.recoveryMs), ...(finalStart !== null ? [finalStart] : [])].sort((a, b) => a - b);
const median = recoveries.length ? recoveries[Math.floor(recoveries.length / 2)] : 0;
console.log(
  `\nsummary: ${runs.length} runs, ${runs.length} kills with SIGKILL (at ${runs.map((r) => (r.killedAt / 1000).toFixed(2)).join(", ")} s); ` +
    `${sum("acked")} ballots acknowledged (${sum("new")} new, ${sum("acked") - sum("new")} changed), ${sum("refused")} refused (429); ` +
    `${sum("lost")} requests in flight at the kills (${sum("inFlightStored")} of them stored); ${runs.at(-1)?.ballots ?? 0} ballots in the database; ` +
    `first start ${runs[0] ? runs[0].recoveryMs.toFixed(0) : "-"} ms, recovery after a kill (start to "running on", ${recoveries.length} times) ` +
    `min ${(recoveries[0] ?? 0).toFixed(0)} ms, median ${median.toFixed(0)} ms, max ${(recoveries.at(-1) ?? 0).toFixed(0)} ms; ` +
    `failures: ${failed ? failed.failures.length : 0}; ${((performance.now() - started) / 1000).toFixed(1)} s in all, seed ${SEED}`,
);
if (failed) {
  console.error(`\nFAILED in run ${failed.run} (seed ${SEED}):`);
  for (const f of failed.failures.slice(0, 20)) console.error(`  - ${f}`);
  if (failed.failures.length > 20) console.error(`  … and ${failed.failures.length - 20} more`);
  console.error(`database kept for inspection: ${database}`);
  process.exit(1);
}
if (process.env.CRASH_KEEP) console.log(`kept ${database}`);
else fs.rmSync(dir, { recursive: true, force: true });
