// The surveys benchmark (issue: "100,000 responses to a 20-question survey; the results page and
// the XLSX export measured (time, peak memory); the aggregation is done in SQL"):
//   (a) the public results page of the closed survey, against a bare node:http + better-sqlite3
//       server running the very statements that page runs (bench/bare-surveys-server.js);
//   (b) the staff results page in the hub (signed in as an admin);
//   (c) the XLSX and CSV exports: time to download the whole file, its size, and the server's
//       peak resident memory while it streams (a fresh server process for each download series);
//   (d) surveyResults() in its own process, cold and warm, each aggregate apart, and the
//       EXPLAIN QUERY PLAN of every statement the public page runs.
// A second survey with the same 20 questions and 10,000 responses shows how each cost grows.
//
//   npm run build && npm run bench:surveys    (BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_KEEP=1, BENCH_DB=file)
//
// Pages whose single request takes over a second cannot be measured by 10 connections in 10 s
// (they would queue for minutes and time out): they are loaded instead by one connection for
// BENCH_SLOW_REQUESTS requests (5), and the table says so.
import { execFileSync, execSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import zlib from "node:zlib";
import { CONNECTIONS, load, SECONDS, start } from "./lib.js";

const SECRET = "bench-secret-bench-secret-bench-secret-00";
const SLOW_REQUESTS = Number(process.env.BENCH_SLOW_REQUESTS ?? 5);
let database = process.env.BENCH_DB;
const made = !database;
if (!database) database = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "khma-surveys-")), "khma.sqlite");
const dir = path.dirname(database);
const seedFile = `${database}.bench.json`;
const env = { NODE_ENV: "production", SESSION_SECRET: SECRET, DATABASE_PATH: database };
const tsx = (...args) =>
  execFileSync(process.execPath, ["--import", "tsx", "bench/seed-surveys.ts", ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
    maxBuffer: 64 * 2 ** 20,
  });

if (!fs.existsSync(seedFile)) tsx(database, seedFile);
const seeded = JSON.parse(fs.readFileSync(seedFile, "utf8"));
const { surveyId, smallId, cookie } = seeded;
const serverEnv = { ...env, KHMA_DEMO_ACCOUNTS: "0" };
const K = "http://127.0.0.1:3431";
const B = "http://127.0.0.1:3432";
const X = "http://127.0.0.1:3433";
const publicPath = `/surveys/${surveyId}/results`;
const hubPath = `/hub/surveys/${surveyId}/results`;
const staff = { cookie };

const stopAll = (...children) =>
  Promise.all(
    children.map((child) => {
      const exited = new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", resolve)));
      child.kill();
      return exited;
    }),
  );

/** One GET: its time, status and body size. */
async function once(url, headers = {}) {
  const t = performance.now();
  const response = await fetch(url, { headers, redirect: "manual" });
  const body = await response.text();
  const ms = performance.now() - t;
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status}\n${body.slice(0, 500)}`);
  return { ms, bytes: Buffer.byteLength(body) };
}

function summary(result) {
  const seconds = result.duration || SECONDS;
  return {
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    ok: result.errors === 0 && result.timeouts === 0 && result.non2xx === 0,
  };
}

/** Loads a page: 10 connections for SECONDS, or one connection for SLOW_REQUESTS requests when slow. */
async function loadPage(url, headers, slow) {
  const opts = slow ? { connections: 1, amount: SLOW_REQUESTS, timeout: 600 } : { timeout: 60 };
  return summary(await load(url, { headers, ...opts }));
}

// ─── Memory of a process ─────────────────────────────────────────────────────────────────

/** VmRSS and VmHWM (the peak resident size since the process started) of a process, in MB. */
function memory(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)[1]);
  return { rss: kb("VmRSS") / 1024, hwm: kb("VmHWM") / 1024 };
}

/**
 * Downloads a whole export as a browser would (Accept-Encoding: gzip), keeping the file, while
 * sampling the server's VmRSS (what `ps -o rss=` shows) every 50 ms.
 */
function download(url, pid, file) {
  return new Promise((resolve, reject) => {
    let peak = memory(pid).rss;
    const timer = setInterval(() => (peak = Math.max(peak, memory(pid).rss)), 50);
    const t = performance.now();
    let first = null;
    let wire = 0;
    const req = http.get(url, { headers: { cookie, "accept-encoding": "gzip" } }, (res) => {
      if (res.statusCode !== 200) {
        clearInterval(timer);
        reject(new Error(`GET ${url}: ${res.statusCode}`));
        res.resume();
        return;
      }
      res.on("data", (chunk) => {
        first ??= performance.now() - t;
        wire += chunk.length;
      });
      const out = fs.createWriteStream(file);
      const body = res.headers["content-encoding"] === "gzip" ? res.pipe(zlib.createGunzip()) : res;
      body.pipe(out);
      out.on("finish", () => {
        clearInterval(timer);
        peak = Math.max(peak, memory(pid).rss);
        resolve({ ms: performance.now() - t, firstByte: first, wire, bytes: fs.statSync(file).size, peak, encoding: res.headers["content-encoding"] ?? "identity", type: res.headers["content-type"] });
      });
      body.on("error", reject);
    });
    req.on("error", (e) => {
      clearInterval(timer);
      reject(e);
    });
  });
}

/** Data rows in the downloaded file (the header row not counted). */
function rowsIn(file, format) {
  if (format === "xlsx") {
    const sheets = execSync(`unzip -Z1 ${JSON.stringify(file)}`, { encoding: "utf8" }).split("\n").filter((n) => n.startsWith("xl/worksheets/"));
    const rows = Number(execSync(`unzip -p ${JSON.stringify(file)} xl/worksheets/sheet1.xml | grep -o '<row ' | wc -l`, { encoding: "utf8", shell: "/bin/bash" }).trim());
    return { rows: rows - 1, sheets: sheets.length };
  }
  // CSV: records end with CRLF outside quotes.
  const text = fs.readFileSync(file, "utf8");
  let quoted = false;
  let records = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === 10 && !quoted) records++;
  }
  return { rows: records - 1, sheets: null };
}

/** A fresh server for one format and survey: two downloads in a row, the memory around each. */
async function exportSeries(format, id, responses) {
  const server = await start("build/server.js", 3433, serverEnv);
  try {
    await once(`${X}/healthz`);
    const url = `${X}/hub/surveys/${id}/export.${format}`;
    const file = path.join(dir, `export-${id}.${format}`);
    const before = memory(server.pid);
    const first = await download(url, server.pid, file);
    const afterFirst = memory(server.pid);
    const second = await download(url, server.pid, file);
    const afterSecond = memory(server.pid);
    const check = rowsIn(file, format);
    fs.rmSync(file, { force: true });
    return { format, responses, before, first, afterFirst, second, afterSecond, check };
  } finally {
    await stopAll(server);
  }
}

// ─── The run ─────────────────────────────────────────────────────────────────────────────

const playwright = () => {
  try {
    return execFileSync("pgrep", ["-f", "playwright"], { encoding: "utf8" }).trim() !== "";
  } catch {
    return false; // pgrep exits 1 when nothing matches
  }
};
const busy = () => `load average ${os.loadavg().map((l) => l.toFixed(2)).join(", ")}, ${playwright() ? "Playwright running" : "no Playwright"}`;
const before = busy();
const pages = [];
const notes = [];
const exports = [];
const khma = await start("build/server.js", 3431, serverEnv);
const bare = await start("bench/bare-surveys-server.js", 3432, { ...env, BENCH_QUERIES: seedFile });
try {
  // The first request of each server process (cold), then a second one.
  const coldPublic = await once(`${K}${publicPath}`);
  const coldHub = await once(`${K}${hubPath}`, staff);
  const coldBare = await once(`${B}${publicPath}`);
  const warmPublic = await once(`${K}${publicPath}`);
  const warmHub = await once(`${K}${hubPath}`, staff);
  const warmBare = await once(`${B}${publicPath}`);
  const smallPublic = await once(`${K}/surveys/${smallId}/results`);
  const smallHub = await once(`${K}/hub/surveys/${smallId}/results`, staff);
  notes.push(
    `first request after start (cold): public ${coldPublic.ms.toFixed(0)} ms (${(coldPublic.bytes / 1024).toFixed(0)} KB of HTML), hub ${coldHub.ms.toFixed(0)} ms (${(coldHub.bytes / 1024).toFixed(0)} KB), bare ${coldBare.ms.toFixed(0)} ms; ` +
      `second: public ${warmPublic.ms.toFixed(0)} ms, hub ${warmHub.ms.toFixed(0)} ms, bare ${warmBare.ms.toFixed(0)} ms`,
    `the same pages of the survey with ${seeded.small.toLocaleString("en")} responses: public ${smallPublic.ms.toFixed(0)} ms, hub ${smallHub.ms.toFixed(0)} ms (one request each)`,
  );
  const slowPublic = Math.max(warmPublic.ms, warmBare.ms) > 1000;
  const slowHub = warmHub.ms > 1000;
  const mode = (slow) => (slow ? `1 connection, ${SLOW_REQUESTS} requests` : `${CONNECTIONS} connections, ${SECONDS} s`);
  const basePublic = await loadPage(`${B}${publicPath}`, {}, slowPublic);
  const appPublic = await loadPage(`${K}${publicPath}`, {}, slowPublic);
  pages.push({ name: `public results page, closed survey (${mode(slowPublic)})`, base: basePublic, app: appPublic, cold: coldPublic.ms });
  const appHub = await loadPage(`${K}${hubPath}`, staff, slowHub);
  pages.push({ name: `hub results page, staff (${mode(slowHub)})`, base: null, app: appHub, cold: coldHub.ms });
} finally {
  await stopAll(khma, bare);
}

for (const format of ["csv", "xlsx"]) {
  for (const [id, n] of [
    [smallId, seeded.small],
    [surveyId, seeded.responses],
  ]) {
    exports.push(await exportSeries(format, id, n));
  }
}

// In-process, with the servers stopped: one fresh process per survey.
const timings = [surveyId, smallId].map((id) => JSON.parse(tsx("--time", database, String(id))));
const after = busy();
if (made && !process.env.BENCH_KEEP) fs.rmSync(dir, { recursive: true, force: true });

// ─── The report ──────────────────────────────────────────────────────────────────────────

const c = seeded.counts;
console.log(
  `\nNode ${process.version}, ${os.cpus().length} cores; database ${(seeded.bytes / 2 ** 20).toFixed(0)} MB: ${c.responses.toLocaleString("en")} responses, ` +
    `${c.answers.toLocaleString("en")} answer rows (${c.texts.toLocaleString("en")} free texts, ${c.published.toLocaleString("en")} published), seeded in ${seeded.seededIn.toFixed(1)} s`,
);
console.log(`machine: ${before} at the start, ${after} at the end\n`);
const f = (v, d = 0) => (v === null || v === undefined ? "—" : Number(v).toFixed(d));
console.log("| case | bare req/s | Khma req/s | Khma / bare | Khma p50 ms | Khma p99 ms | bare p50 ms | bare p99 ms | Khma first request ms |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of pages) {
  const flag = r.app.ok && (r.base?.ok ?? true) ? "" : " (errors!)";
  const ratio = r.base ? (r.app.rps / r.base.rps).toFixed(3) : "—";
  const d = r.app.rps < 10 ? 2 : 0;
  console.log(`| ${r.name} | ${f(r.base?.rps, d)} | ${f(r.app.rps, d)} | ${ratio} | ${r.app.p50} | ${r.app.p99} | ${f(r.base?.p50)} | ${f(r.base?.p99)} | ${f(r.cold)} |${flag}`);
}
console.log();
for (const note of notes) console.log(`- ${note}`);

console.log("\n| export | responses | data rows in the file | file MB | on the wire MB | 1st download s | 2nd download s | RSS before MB | peak RSS (sampled) MB | VmHWM after 1st MB | VmHWM after 2nd MB |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const e of exports) {
  const mb = (b) => (b / 2 ** 20).toFixed(1);
  const wire = e.first.encoding === "identity" ? "same" : `${mb(e.first.wire)} (${e.first.encoding})`;
  console.log(
    `| ${e.format.toUpperCase()} | ${e.responses.toLocaleString("en")} | ${e.check.rows.toLocaleString("en")}${e.check.sheets ? ` (${e.check.sheets} sheets)` : ""} | ${mb(e.first.bytes)} | ${wire} | ` +
      `${(e.first.ms / 1000).toFixed(1)} | ${(e.second.ms / 1000).toFixed(1)} | ${e.before.rss.toFixed(0)} | ${Math.max(e.first.peak, e.second.peak).toFixed(0)} | ${e.afterFirst.hwm.toFixed(0)} | ${e.afterSecond.hwm.toFixed(0)} |`,
  );
}
console.log("\n(peak RSS: /proc/<pid>/status VmRSS, what `ps -o rss=` shows, sampled every 50 ms; VmHWM: the kernel's high-water mark of the server process, which started fresh for each format and survey)");

for (const t of timings) {
  console.log(`\nsurveyResults() in-process, ${t.responses.toLocaleString("en")} responses (${t.answers.toLocaleString("en")} answer rows; SQLite cache_size ${t.cache}, ${t.statements} statements):`);
  console.log(`- cold (first call of the process) ${t.coldPublic.toFixed(0)} ms; again ${t.warmPublic.toFixed(0)} ms; staff view ${t.warmStaff.toFixed(0)} ms`);
  console.log(`- apart: ${Object.entries(t.parts).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(", ")}`);
}
console.log(`\nEXPLAIN QUERY PLAN of every distinct statement the public results page runs (${timings[0].responses.toLocaleString("en")} responses):`);
for (const p of timings[0].plans) {
  console.log(`\n  ${p.sql.length > 180 ? `${p.sql.slice(0, 177)}...` : p.sql}${p.runs > 1 ? `   (run ${p.runs} times)` : ""}`);
  for (const line of p.plan) console.log(`    ${line}`);
}
if (process.env.BENCH_KEEP || !made) console.log(`\nkept ${database}`);
