// Seeds a benchmark database: the Rustavi seed, 20,000 residents, 100,000 ideas,
// 1,000,000 supports and 200,000 comments, through the app's own migrations and triggers
// (so counters and the search index are built as in production). Prints a session cookie
// for one resident, for the write benchmarks.
//   node --import tsx bench/seed-ideas.ts FILE
import { seedIfEmpty } from "#db/seed/index";
import { createSession } from "~/models/sessions.server";
import { openDatabase } from "~/utils/db.server";
import { sessionCookie } from "~/utils/session.server";

const file = process.argv[2];
if (!file) throw new Error("usage: bench/seed-ideas.ts FILE");
const IDEAS = Number(process.env.BENCH_IDEAS ?? 100_000);
const SUPPORTS = Number(process.env.BENCH_SUPPORTS ?? 1_000_000);
const COMMENTS = Number(process.env.BENCH_COMMENTS ?? 200_000);
const USERS = 20_000;

const started = Date.now();
const db = openDatabase(file);
await seedIfEmpty(db, { demoAccounts: true });
const sqlite = db.$client;
// A deterministic generator (mulberry32), so every run measures the same data.
let state = 42;
const random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
const WORDS = ["პარკი", "სკვერი", "ველობილიკი", "ავტობუსი", "ტროტუარი", "ნაგავი", "განათება", "სკოლა", "ბავშვები", "ხეები", "парк", "дорога", "освещение", "остановка", "школа", "park", "yol", "uşaq", "məktəb", "işıq"];
const sentence = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(" ");

const districts = sqlite.prepare("select id from districts").pluck().all() as number[];
const goals = sqlite.prepare("select id from goals").pluck().all() as number[];
const hash = sqlite.prepare("select password_hash from users limit 1").pluck().get() as string;

sqlite.transaction(() => {
  const user = sqlite.prepare("insert into users (display_name, email, password_hash) values (?, ?, ?)");
  for (let i = 0; i < USERS; i++) user.run(`მაცხოვრებელი ${i}`, `resident${i}@bench.test`, hash);
})();
const firstUser = sqlite.prepare("select min(id) from users where email like '%@bench.test'").pluck().get() as number;

sqlite.transaction(() => {
  const idea = sqlite.prepare(`insert into ideas (author_id, title, description, goal_id, district_id, status, published_at, created_at)
    values (?, ?, ?, ?, ?, ?, ?, ?)`);
  const statuses = ["published", "published", "published", "under_review", "accepted", "in_progress", "implemented", "not_feasible"];
  const now = Date.now();
  for (let i = 0; i < IDEAS; i++) {
    const at = now - Math.floor(random() * 3 * 365 * 86_400_000);
    idea.run(firstUser + Math.floor(random() * USERS), sentence(5), sentence(40), pick(goals), pick(districts), pick(statuses), at, at);
  }
})();
const firstIdea = sqlite.prepare("select min(id) from ideas").pluck().get() as number;

sqlite.transaction(() => {
  // Popular ideas get more support: a skewed pick, unique per (idea, user) by the primary key.
  const support = sqlite.prepare("insert or ignore into supports (idea_id, user_id) values (?, ?)");
  let made = 0;
  while (made < SUPPORTS) {
    const ideaId = firstIdea + Math.floor(random() ** 2 * IDEAS);
    made += support.run(ideaId, firstUser + Math.floor(random() * USERS)).changes;
  }
  const comment = sqlite.prepare("insert into comments (idea_id, author_id, body) values (?, ?, ?)");
  for (let i = 0; i < COMMENTS; i++) comment.run(firstIdea + Math.floor(random() ** 2 * IDEAS), firstUser + Math.floor(random() * USERS), sentence(15));
})();
sqlite.exec("analyze");
sqlite.pragma("wal_checkpoint(TRUNCATE)");

const { token } = createSession(firstUser);
const cookie = (await sessionCookie.serialize(token)).split(";")[0];
const counts = sqlite.prepare("select (select count(*) from ideas) i, (select count(*) from supports) s, (select count(*) from comments) c").get();
sqlite.close();
console.error(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s:`, counts);
console.log(JSON.stringify({ cookie, token, userId: firstUser, ideaId: firstIdea + 10 }));
