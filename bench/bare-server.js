// The baseline: node:http and better-sqlite3 reading what Khma's home page reads
// (municipality, goals, districts) and writing a minimal HTML page. No framework, no React.
import http from "node:http";
import Database from "better-sqlite3";

const db = new Database(process.env.DATABASE_PATH, { readonly: true });
db.pragma("busy_timeout = 5000");
const municipality = db.prepare("select name, settings from municipality limit 1");
const goals = db.prepare("select title, description from goals order by position");
const districts = db.prepare("select name from districts order by position");
const one = db.prepare("select 1");
const escape = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const server = http.createServer((req, res) => {
  if (req.url === "/healthz") {
    one.get();
    res.writeHead(200, { "Content-Type": "application/json" }).end('{"status":"ok"}');
    return;
  }
  const m = municipality.get();
  const city = JSON.parse(m.name).ka;
  const items = goals.all().map((g) => `<li><h3>${escape(JSON.parse(g.title).ka)}</h3><p>${escape(JSON.parse(g.description).ka)}</p></li>`);
  const tags = districts.all().map((d) => `<li>${escape(JSON.parse(d.name).ka)}</li>`);
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
  res.end(`<!doctype html><html lang="ka"><title>${escape(city)}</title><main><ul>${items.join("")}</ul><ul>${tags.join("")}</ul></main></html>`);
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("bare baseline running on", process.env.PORT));
