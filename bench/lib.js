// Shared by the benchmarks: start a server, load it with autocannon, print a table.
import { spawn } from "node:child_process";
import os from "node:os";
import autocannon from "autocannon";

export const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

export function start(script, port, env) {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      if (String(chunk).includes("running on")) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

export function load(url, opts = {}) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: SECONDS, ...opts }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

function summary(result, expected) {
  const statusOk = expected === "3xx" ? result["3xx"] === result.requests.total || result.non2xx === result["3xx"] : result.non2xx === 0;
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result.errors === 0 && result.timeouts === 0 && statusOk,
  };
}

/** Loads the bare baseline, then Khma, with the same request; returns one row of the table. */
export async function compare(name, bareUrl, khmaUrl, opts = {}, expected = "2xx") {
  const base = summary(await load(bareUrl, opts.bare ?? opts), expected);
  const app = summary(await load(khmaUrl, opts.khma ?? opts), expected);
  return { name, base, app, ratio: app.rps / base.rps };
}

export function printTable(rows) {
  console.log(`\n${CONNECTIONS} connections, ${SECONDS} s per case, Node ${process.version}, ${os.cpus().length} cores\n`);
  console.log("| case | bare req/s | Khma req/s | Khma / bare | Khma p50 ms | Khma p99 ms | bare p50 ms | bare p99 ms |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    const flag = r.app.ok && r.base.ok ? "" : " (errors!)";
    console.log(
      `| ${r.name} | ${r.base.rps} | ${r.app.rps} | ${r.ratio.toFixed(3)} | ${r.app.p50} | ${r.app.p99} | ${r.base.p50} | ${r.base.p99} |${flag}`,
    );
  }
}
