// The baseline for the plan benchmark: node:http + better-sqlite3 running, for every request,
// exactly the statements Khma's insights page runs for its default view (the municipality, the
// districts and goals for the filter, then participation by week, district, channel, age and
// gender, the top and rising ideas, goals, and the moderators' figures), recorded with their
// parameters by `bench/seed-plan.ts --record` from the app's own functions, and writing a tiny
// HTML page.
//   GET /hub/insights   (BENCH_QUERIES: the JSON file holding { queries: [{ sql, params }] })
// Deliberately left out (Khma does them): the session and staff check, the language, turning the
// rows into tables and charts, suppression, security headers, rendering.
import fs from "node:fs";
import http from "node:http";
import Database from "better-sqlite3";

const db = new Database(process.env.DATABASE_PATH);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.pragma("foreign_keys = ON");
db.pragma("busy_timeout = 5000");

const { queries } = JSON.parse(fs.readFileSync(process.env.BENCH_QUERIES, "utf8"));
const statements = queries.map((q) => ({ statement: db.prepare(q.sql), params: q.params, reader: db.prepare(q.sql).reader }));

const server = http.createServer((req, res) => {
  if (new URL(req.url, "http://x").pathname === "/hub/insights") {
    const rows = statements.map((s) => (s.reader ? s.statement.all(...s.params) : []));
    const cells = rows
      .flat()
      .slice(0, 200)
      .map((r) => `<tr>${Object.values(r).map((v) => `<td>${String(v).slice(0, 40)}</td>`).join("")}</tr>`)
      .join("");
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="ka"><meta charset="utf-8"><title>Khma</title><main><table>${cells}</table></main></html>`);
    return;
  }
  res.writeHead(404).end();
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("bare plan baseline running on", process.env.PORT));
