// The baseline for the whole-site benchmark (bench/site.js): node:http + better-sqlite3 reading
// what each of Khma's pages reads and writing minimal HTML, and doing the two writes. No
// framework, no React, no cache.
//   GET  /                     municipality, goals, districts, open rounds and surveys
//   GET  /ideas?…              the listed ideas of a district, most supported, a page of 20, and their count
//   GET  /ideas/:id            an idea with its author, goal, district, comments and history
//   GET  /rounds/:id           a round and its options
//   GET  /rounds/:id/results   the totals query Khma runs (optionTotals)
//   POST /ideas/:id            support or withdraw (intent=…) as the session's resident
//   POST /rounds/:id           a ballot: upsert it and replace its choices in one transaction
// Left out on purpose (Khma does them): the cookie's signature, the Origin check, the rules, the
// rate limits, security headers, translations, rendering.
import crypto from "node:crypto";
import http from "node:http";
import Database from "better-sqlite3";

const db = new Database(process.env.DATABASE_PATH);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.pragma("foreign_keys = ON");
db.pragma("busy_timeout = 5000");

const municipality = db.prepare("select name, settings from municipality limit 1");
const goals = db.prepare("select id, title, description from goals order by position");
const districts = db.prepare("select id, name from districts order by position");
const openRounds = db.prepare("select id, title, closes_at from rounds where published = 1 and opens_at <= ? and closes_at > ? order by closes_at");
const openSurveys = db.prepare("select id, title, closes_at from surveys where published = 1 and opens_at <= ? and closes_at > ? order by closes_at");
const list = db.prepare(`select id, title, substr(description, 1, 240) as excerpt, status, supports_count, comments_count
  from ideas where listed = 1 and district_id = ? order by supports_count desc, id desc limit 20 offset ?`);
const count = db.prepare("select count(*) from ideas where listed = 1 and district_id = ?").pluck();
const idea = db.prepare(`select i.*, u.display_name, g.title as goal, d.name as district from ideas i
  left join users u on u.id = i.author_id join goals g on g.id = i.goal_id join districts d on d.id = i.district_id where i.id = ?`);
const comments = db.prepare(`select c.id, c.parent_id, c.body, c.created_at, u.display_name from comments c
  left join users u on u.id = c.author_id where c.idea_id = ? and c.parent_id is null order by c.id desc limit 30`);
const history = db.prepare("select id, kind, to_status, answer, created_at from idea_events where idea_id = ? and kind in ('status','merged','corrected') order by created_at, id");
const round = db.prepare("select * from rounds where id = ?");
const options = db.prepare("select id, title, description, cost from round_options where round_id = ? order by position, id");
const totals = db.prepare(`select o.id as optionId, count(c.ballot_id) as ballots, coalesce(sum(c.rank = 1), 0) as first,
    coalesce(sum(case when c.rank is not null then max(? + 1 - c.rank, 0) else 0 end), 0) as borda, coalesce(sum(c.points), 0) as points
  from round_options o left join ballot_choices c on c.option_id = o.id where o.round_id = ? group by o.id order by o.position, o.id`);
const session = db.prepare("select u.id, u.district_id from sessions s join users u on u.id = s.user_id where s.id = ? and s.expires_at > ?");
const support = db.prepare("insert or ignore into supports (idea_id, user_id) values (?, ?)");
const withdraw = db.prepare("delete from supports where idea_id = ? and user_id = ?");
const upsert = db
  .prepare(`insert into ballots (round_id, user_id, channel, district_id) values (?, ?, 'online', ?)
    on conflict (round_id, user_id) do update set updated_at = ?, district_id = excluded.district_id returning id`)
  .pluck();
const clear = db.prepare("delete from ballot_choices where ballot_id = ?");
const choose = db.prepare("insert into ballot_choices (ballot_id, option_id) values (?, ?)");
const cast = db.transaction((roundId, user, chosen) => {
  const id = upsert.get(roundId, user.id, user.district_id, Date.now());
  clear.run(id);
  for (const option of chosen) choose.run(id, option);
});

const escape = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const ka = (json) => escape(JSON.parse(json).ka);
const page = (body) => `<!doctype html><html lang="ka"><meta charset="utf-8"><title>Khma</title><main>${body}</main></html>`;

/** The resident of Khma's session cookie (base64 of a JSON string, then ".signature"). */
function resident(header) {
  const m = /(?:^|;\s*)khma_session=([^;.]+)/.exec(header ?? "");
  if (!m) return null;
  try {
    const token = JSON.parse(Buffer.from(decodeURIComponent(m[1]), "base64").toString());
    return session.get(crypto.createHash("sha256").update(token).digest("base64url"), Date.now()) ?? null;
  } catch {
    return null;
  }
}

function html(res, body) {
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
  res.end(page(body));
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  const ideaPath = /^\/ideas\/(\d+)$/.exec(url.pathname);
  const roundPath = /^\/rounds\/(\d+)$/.exec(url.pathname);
  if (req.method === "POST" && (ideaPath || roundPath)) {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const user = resident(req.headers.cookie);
      if (!user) return res.writeHead(303, { Location: "/login" }).end();
      const form = new URLSearchParams(body);
      if (ideaPath) {
        if (form.get("intent") === "support") support.run(Number(ideaPath[1]), user.id);
        else withdraw.run(Number(ideaPath[1]), user.id);
        return res.writeHead(302, { Location: url.pathname }).end();
      }
      cast(Number(roundPath[1]), user, form.getAll("option").map(Number));
      res.writeHead(302, { Location: `${url.pathname}/voted` }).end();
    });
    return;
  }
  if (url.pathname === "/") {
    const now = Date.now();
    const m = municipality.get();
    const g = goals.all().map((r) => `<li><h3>${ka(r.title)}</h3><p>${ka(r.description)}</p></li>`).join("");
    const d = districts.all().map((r) => `<li>${ka(r.name)}</li>`).join("");
    const o = [...openRounds.all(now, now), ...openSurveys.all(now, now)].map((r) => `<li><a href="/rounds/${r.id}">${ka(r.title)}</a></li>`).join("");
    return html(res, `<h1>${ka(m.name)}</h1><ul>${o}</ul><ul>${g}</ul><ul>${d}</ul>`);
  }
  if (url.pathname === "/ideas") {
    const district = Number(url.searchParams.get("district") ?? 1);
    const offset = (Number(url.searchParams.get("page") ?? 1) - 1) * 20;
    const cards = list.all(district, offset).map((r) => `<li><h3><a href="/ideas/${r.id}">${escape(r.title)}</a></h3><p>${escape(r.excerpt)}</p><p>${r.supports_count} · ${r.comments_count}</p></li>`);
    return html(res, `<p>${count.get(district)}</p><ul>${cards.join("")}</ul>`);
  }
  if (ideaPath) {
    const i = idea.get(Number(ideaPath[1]));
    const c = comments.all(i.id).map((r) => `<li>${escape(r.display_name)}: ${escape(r.body)}</li>`).join("");
    const h = history.all(i.id).map((r) => `<li>${r.to_status} ${escape(r.answer)}</li>`).join("");
    return html(res, `<h1>${escape(i.title)}</h1><p>${escape(i.description)}</p><p>${escape(i.display_name)} ${ka(i.goal)} ${ka(i.district)}</p><ol>${h}</ol><ol>${c}</ol>`);
  }
  if (roundPath) {
    const r = round.get(Number(roundPath[1]));
    const o = options.all(r.id).map((x) => `<li><label><input type="checkbox" name="option" value="${x.id}"> ${ka(x.title)} ${x.cost ?? ""}</label><p>${ka(x.description)}</p></li>`).join("");
    return html(res, `<h1>${ka(r.title)}</h1><p>${ka(r.description)}</p><form method="post"><ul>${o}</ul><button>OK</button></form>`);
  }
  const results = /^\/rounds\/(\d+)\/results$/.exec(url.pathname);
  if (results) {
    const rows = totals.all(8, Number(results[1])).map((r) => `<tr><th>${r.optionId}</th><td>${r.ballots}</td></tr>`).join("");
    return html(res, `<table>${rows}</table>`);
  }
  res.writeHead(404).end();
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("bare site baseline running on", process.env.PORT));
