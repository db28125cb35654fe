// Lighthouse (mobile, its default: a mid-range phone on a slow 4G connection, simulated) on the
// pages of issue 7's page-weight test, with Debian's Chromium, against the production build on the
// demo database. Each page is measured BENCH_RUNS times (3); the run with the median performance
// score is printed, with the lowest and highest scores, as Lighthouse's authors advise.
//
//   npm run build && npm run bench:lighthouse        (about 3 minutes)
//
// Lighthouse is fetched by npx at the pinned version below when this runs, not installed with
// the project: it is 185 MB that only this script uses.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { start } from "./lib.js";

const LIGHTHOUSE = "lighthouse@12.8.2";
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "khma-lighthouse-"));
const database = path.join(dir, "khma.sqlite");
const PORT = 3441;
const origin = `http://127.0.0.1:${PORT}`;
const khma = await start("build/server.js", PORT, {
  DATABASE_PATH: database,
  SESSION_SECRET: "lighthouse-secret-lighthouse-secret-00000",
  KHMA_DEMO_ACCOUNTS: "1",
});

const rows = [];
try {
  const db = new Database(database, { readonly: true });
  const round = db.prepare("select id from rounds where published = 1 and opens_at <= ? and closes_at > ? order by id limit 1").pluck().get(Date.now(), Date.now());
  const survey = db.prepare("select id from surveys where published = 1 and opens_at <= ? and closes_at > ? order by id limit 1").pluck().get(Date.now(), Date.now());
  db.close();
  // The ballot is for a signed-in resident: sign in as the demo resident, as the form does.
  const signIn = await fetch(`${origin}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin },
    body: new URLSearchParams({ identifier: "nino@khma.test", password: "rustavi-resident-2030" }),
  });
  const cookie = signIn.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error(`signing in failed: ${signIn.status}`);
  const pages = [
    { name: "home page", path: "/" },
    { name: "/ideas", path: "/ideas" },
    { name: "a ballot (signed in)", path: `/rounds/${round}`, headers: { Cookie: cookie } },
    { name: "a survey", path: `/surveys/${survey}` },
  ];
  for (const page of pages) {
    const runs = [];
    for (let run = 0; run < RUNS; run++) {
      const out = path.join(dir, "report.json");
      // Lighthouse now and then fails to record a trace (NO_NAVSTART): such a run is tried again.
      for (let attempt = 1; ; attempt++) {
        try {
          execFileSync(
            "npx",
            [
              "--yes",
              LIGHTHOUSE,
              `${origin}${page.path}`,
              "--quiet",
              "--only-categories=performance,accessibility",
              "--output=json",
              `--output-path=${out}`,
              "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
              ...(page.headers ? [`--extra-headers=${JSON.stringify(page.headers)}`] : []),
            ],
            { env: { ...process.env, CHROME_PATH: CHROMIUM }, stdio: ["ignore", "ignore", "inherit"] },
          );
          break;
        } catch (error) {
          if (attempt === 3) throw error;
          process.stderr.write(`${page.name}: Lighthouse failed (attempt ${attempt}), trying again\n`);
        }
      }
      const report = JSON.parse(fs.readFileSync(out, "utf8"));
      const audit = (id) => report.audits[id]?.numericValue;
      runs.push({
        performance: Math.round(report.categories.performance.score * 100),
        accessibility: Math.round(report.categories.accessibility.score * 100),
        fcp: audit("first-contentful-paint"),
        lcp: audit("largest-contentful-paint"),
        tbt: audit("total-blocking-time"),
        cls: audit("cumulative-layout-shift"),
        bytes: audit("total-byte-weight"),
        failed: Object.values(report.audits)
          .filter((a) => a.score !== null && a.score < 1 && report.categories.accessibility.auditRefs.some((r) => r.id === a.id && r.weight > 0))
          .map((a) => a.id),
      });
    }
    runs.sort((a, b) => a.performance - b.performance);
    const median = runs[Math.floor(runs.length / 2)];
    rows.push({ ...page, ...median, lowest: runs[0].performance, highest: runs.at(-1).performance, accessibilityLowest: Math.min(...runs.map((r) => r.accessibility)) });
    process.stderr.write(`${page.name}: performance ${runs.map((r) => r.performance).join(", ")}; accessibility ${runs.map((r) => r.accessibility).join(", ")}\n`);
  }
} finally {
  khma.kill();
  await new Promise((resolve) => (khma.exitCode !== null ? resolve() : khma.once("exit", resolve)));
  fs.rmSync(dir, { recursive: true, force: true });
}

console.log(`\n${LIGHTHOUSE}, mobile (simulated slow 4G, 4× CPU slowdown), ${CHROMIUM}, Node ${process.version}, ${os.cpus().length} cores\n`);
console.log(`| page | performance (median of ${RUNS}) | lowest–highest | accessibility (lowest) | FCP ms | LCP ms | TBT ms | CLS | bytes |`);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  console.log(`| ${r.name} | ${r.performance} | ${r.lowest}–${r.highest} | ${r.accessibilityLowest} | ${Math.round(r.fcp)} | ${Math.round(r.lcp)} | ${Math.round(r.tbt)} | ${r.cls.toFixed(3)} | ${r.bytes} |`);
}
for (const r of rows) if (r.failed.length) console.log(`- ${r.name}: accessibility audits not passed: ${r.failed.join(", ")}`);
