// The baseline for the voting-rounds benchmark: node:http + better-sqlite3 doing the least work
// that casting a ballot and showing totals need, writing minimal HTML. No framework.
//   POST /rounds/:id          parse the urlencoded body, find the session (hash of the cookie's
//                             token), upsert the ballot and replace its choices in one transaction, 302
//   GET  /rounds/:id/results  the totals query Khma runs (optionTotals) and a tiny page
// Deliberately left out (Khma does them): the cookie's signature, the Origin check, the round's
// rules (open, eligibility, budget), the rate limit, security headers, rendering.
import crypto from "node:crypto";
import http from "node:http";
import Database from "better-sqlite3";

const db = new Database(process.env.DATABASE_PATH);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.pragma("foreign_keys = ON");
db.pragma("busy_timeout = 5000");

const session = db.prepare("select u.id, u.district_id from sessions s join users u on u.id = s.user_id where s.id = ? and s.expires_at > ?");
const upsert = db
  .prepare(`insert into ballots (round_id, user_id, channel, district_id) values (?, ?, 'online', ?)
    on conflict (round_id, user_id) do update set updated_at = ?, district_id = excluded.district_id returning id`)
  .pluck();
const clear = db.prepare("delete from ballot_choices where ballot_id = ?");
const choose = db.prepare("insert into ballot_choices (ballot_id, option_id) values (?, ?)");
const cast = db.transaction((roundId, user, options) => {
  const id = upsert.get(roundId, user.id, user.district_id, Date.now());
  clear.run(id);
  for (const option of options) choose.run(id, option);
});
const totals = db.prepare(`select o.id as optionId, count(c.ballot_id) as ballots, coalesce(sum(c.rank = 1), 0) as first,
    coalesce(sum(case when c.rank is not null then max(? + 1 - c.rank, 0) else 0 end), 0) as borda, coalesce(sum(c.points), 0) as points
  from round_options o left join ballot_choices c on c.option_id = o.id where o.round_id = ? group by o.id order by o.position, o.id`);

/** The token inside Khma's cookie (base64 of a JSON string, then ".signature"). */
function token(header) {
  const m = /(?:^|;\s*)khma_session=([^;.]+)/.exec(header ?? "");
  if (!m) return null;
  try {
    return JSON.parse(Buffer.from(decodeURIComponent(m[1]), "base64").toString());
  } catch {
    return null;
  }
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  const ballot = /^\/rounds\/(\d+)$/.exec(url.pathname);
  if (req.method === "POST" && ballot) {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const t = token(req.headers.cookie);
      const user = t && session.get(crypto.createHash("sha256").update(t).digest("base64url"), Date.now());
      if (!user) return res.writeHead(303, { Location: "/login" }).end();
      const options = new URLSearchParams(body).getAll("option").map(Number);
      cast(Number(ballot[1]), user, options);
      res.writeHead(302, { Location: `${url.pathname}/voted` }).end();
    });
    return;
  }
  const results = /^\/rounds\/(\d+)\/results$/.exec(url.pathname);
  if (results) {
    const rows = totals.all(8, Number(results[1])).map((r) => `<tr><th>${r.optionId}</th><td>${r.ballots}</td></tr>`).join("");
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="ka"><meta charset="utf-8"><title>Khma</title><main><table>${rows}</table></main></html>`);
    return;
  }
  res.writeHead(404).end();
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("bare rounds baseline running on", process.env.PORT));
