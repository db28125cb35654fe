// The baseline for the ideas benchmark: node:http + better-sqlite3 running the same queries as
// Khma's /ideas list, /ideas/:id page and support POST, writing minimal HTML. No framework.
import crypto from "node:crypto";
import http from "node:http";
import Database from "better-sqlite3";

const db = new Database(process.env.DATABASE_PATH);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.pragma("foreign_keys = ON");
db.pragma("busy_timeout = 5000");

const list = db.prepare(`select id, title, substr(description, 1, 240) as excerpt, status, supports_count, comments_count
  from ideas where listed = 1 and district_id = ? order by supports_count desc, id desc limit 20 offset ?`);
const count = db.prepare(`select count(*) from ideas where listed = 1 and district_id = ?`).pluck();
const search = db.prepare(`select id, title, substr(description, 1, 240) as excerpt, status, supports_count, comments_count
  from ideas where listed = 1 and id in (select rowid from ideas_fts where ideas_fts match ?)
  order by published_at desc, id desc limit 20`);
const searchCount = db.prepare(`select count(*) from ideas where listed = 1
  and id in (select rowid from ideas_fts where ideas_fts match ?)`).pluck();
const idea = db.prepare(`select i.*, u.display_name, g.title as goal, d.name as district from ideas i
  left join users u on u.id = i.author_id join goals g on g.id = i.goal_id join districts d on d.id = i.district_id where i.id = ?`);
const comments = db.prepare(`select c.id, c.parent_id, c.body, c.hidden, c.created_at, u.display_name from comments c
  left join users u on u.id = c.author_id where c.idea_id = ? order by c.id`);
const history = db.prepare(`select id, kind, to_status, answer, created_at from idea_events where idea_id = ? and kind in ('status','merged','corrected') order by created_at, id`);
const session = db.prepare("select user_id from sessions where id = ? and expires_at > ?").pluck();
const support = db.prepare("insert or ignore into supports (idea_id, user_id) values (?, ?)");
const withdraw = db.prepare("delete from supports where idea_id = ? and user_id = ?");
const sessionId = crypto.createHash("sha256").update(process.env.BENCH_TOKEN ?? "").digest("base64url");

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (body) => `<!doctype html><html lang="ka"><meta charset="utf-8"><title>Khma</title><main>${body}</main></html>`;
const cards = (rows) => rows.map((r) => `<li><h3><a href="/ideas/${r.id}">${escape(r.title)}</a></h3><p>${escape(r.excerpt)}</p><p>${r.supports_count} · ${r.comments_count}</p></li>`).join("");

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  const match = /^\/ideas\/(\d+)$/.exec(url.pathname);
  if (req.method === "POST" && match) {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const userId = session.get(sessionId, Date.now());
      const intent = new URLSearchParams(body).get("intent");
      if (intent === "support") support.run(Number(match[1]), userId);
      else withdraw.run(Number(match[1]), userId);
      res.writeHead(302, { Location: url.pathname }).end();
    });
    return;
  }
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
  if (match) {
    const i = idea.get(Number(match[1]));
    const c = comments.all(i.id).map((r) => `<li>${escape(r.display_name)}: ${escape(r.body)}</li>`).join("");
    const h = history.all(i.id).map((r) => `<li>${r.to_status} ${escape(r.answer ?? "")}</li>`).join("");
    res.end(page(`<h1>${escape(i.title)}</h1><p>${escape(i.description)}</p><p>${escape(i.display_name)} ${escape(i.goal)} ${escape(i.district)}</p><ol>${h}</ol><ol>${c}</ol>`));
    return;
  }
  const q = url.searchParams.get("q");
  if (q) {
    const terms = q.split(/\s+/).filter((w) => [...w].length >= 3).map((w) => `"${w}"`).join(" AND ");
    res.end(page(`<p>${searchCount.get(terms)}</p><ul>${cards(search.all(terms))}</ul>`));
    return;
  }
  const district = Number(url.searchParams.get("district"));
  const offset = (Number(url.searchParams.get("page") ?? 1) - 1) * 20;
  res.end(page(`<p>${count.get(district)}</p><ul>${cards(list.all(district, offset))}</ul>`));
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("bare ideas baseline running on", process.env.PORT));
