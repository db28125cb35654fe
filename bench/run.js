// Khma against a bare node:http + better-sqlite3 server doing the same reads, in one run on one
// machine. Absolute numbers drift with the machine; the ratio is what to compare over time.
//
//   npm run build && npm run bench            (about a minute)
//   BENCH_SECONDS=20 BENCH_CONNECTIONS=10 npm run bench
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "khma-bench-"));
const database = path.join(dir, "khma.sqlite");

function start(script, port, extraEnv = {}) {
  const child = spawn(process.execPath, [script], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_PATH: database,
      SESSION_SECRET: "bench-secret-bench-secret-bench-secret-00",
      KHMA_DEMO_ACCOUNTS: "1",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      if (String(chunk).includes("running on")) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

function run(url, opts = {}) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: SECONDS, ...opts }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

function row(name, result) {
  const ok = result.non2xx === 0 && result.errors === 0;
  return {
    name,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
  };
}

// Khma first: it migrates and seeds the database the baseline then reads.
const khma = await start("build/server.js", 3401);
const bare = await start("bench/bare-server.js", 3402);
const results = [];
try {
  const cases = [
    ["home page (anonymous, Georgian)", "/", {}],
    ["sign-in page", "/login", {}],
    ["health check (one query)", "/healthz", {}],
  ];
  for (const [name, pathname, opts] of cases) {
    const base = row(`bare: ${name}`, await run(`http://127.0.0.1:3402${pathname}`, opts));
    const app = row(`Khma: ${name}`, await run(`http://127.0.0.1:3401${pathname}`, opts));
    results.push({ name, base, app, ratio: app.rps / base.rps });
  }
} finally {
  khma.kill();
  bare.kill();
  fs.rmSync(dir, { recursive: true, force: true });
}

console.log(`\n${CONNECTIONS} connections, ${SECONDS} s per case, Node ${process.version}, ${os.cpus().length} cores\n`);
console.log("| case | bare req/s | Khma req/s | Khma / bare | Khma p50 ms | Khma p99 ms | bare p99 ms |");
console.log("|---|---:|---:|---:|---:|---:|---:|");
for (const r of results) {
  console.log(
    `| ${r.name} | ${r.base.rps} | ${r.app.rps} | ${r.ratio.toFixed(3)} | ${r.app.p50} | ${r.app.p99} | ${r.base.p99} |` +
      (r.app.ok && r.base.ok ? "" : " (errors!)"),
  );
}
