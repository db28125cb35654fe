// The baseline for the surveys benchmark: node:http + better-sqlite3 running, for every request,
// exactly the statements Khma's public results page runs (getSurvey, then surveyResults: the
// survey, its questions and options, the districts, answerCounts, answeredCounts, numberStats,
// dateCounts, otherCounts, crossCounts for each choice question by district, age band and
// gender, the published texts, the response total), recorded with their parameters by
// bench/seed-surveys.ts from the app's own functions, and writing a tiny HTML page.
//   GET /surveys/:id/results   (BENCH_QUERIES: the JSON file holding { queries: [{ sql, params }] })
// Deliberately left out (Khma does them): the session and language lookups, turning the counts
// into bars and tables, suppression, security headers, rendering.
import fs from "node:fs";
import http from "node:http";
import Database from "better-sqlite3";

const db = new Database(process.env.DATABASE_PATH);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.pragma("foreign_keys = ON");
db.pragma("busy_timeout = 5000");

const { surveyId, queries } = JSON.parse(fs.readFileSync(process.env.BENCH_QUERIES, "utf8"));
const statements = queries.map((q) => ({ statement: db.prepare(q.sql), params: q.params }));
const counts = statements.findIndex((s) => /count\(\*\) as n\s+from survey_answers\s+where question_id in/.test(s.statement.source));

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  const results = /^\/surveys\/(\d+)\/results$/.exec(url.pathname);
  if (results && Number(results[1]) === surveyId) {
    const all = statements.map((s) => s.statement.all(...s.params));
    const rows = all[counts]
      .slice(0, 50)
      .map((r) => `<tr><th>${r.questionId}</th><td>${r.optionId ?? r.rowId ?? r.num}</td><td>${r.n}</td></tr>`)
      .join("");
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="ka"><meta charset="utf-8"><title>Khma</title><main><p>${Object.values(all.at(-1)[0])[0]}</p><table>${rows}</table></main></html>`);
    return;
  }
  res.writeHead(404).end();
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("bare surveys baseline running on", process.env.PORT));
