// Seeds a benchmark database for voting rounds: the Rustavi seed, one open budget round with
// 8 projects, 100,000 online ballots in it (one per account, as the unique index demands) and
// 20,000 more residents who have not voted yet, each with a session. Writes what the load needs
// (round, options, one signed session cookie per resident) to OUT as JSON.
//   node --import tsx bench/seed-rounds.ts FILE OUT
// With --time, measures in this process (performance.now) one cold computation of a round's
// results (totals, turnout, greedy and the Method of Equal Shares over all its ballots), then a
// warm one (the cache is checked against a fingerprint of the ballots), and prints JSON:
//   node --import tsx bench/seed-rounds.ts --time FILE ROUND_ID
import { performance } from "node:perf_hooks";
import fs from "node:fs";
import { seedIfEmpty } from "#db/seed/index";
import { equalShares, type MesInstance } from "~/domain/tally/mes";
import { createRound, getRound, optionTotals, roundResults, turnout } from "~/models/rounds.server";
import { createSession } from "~/models/sessions.server";
import { getDb } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { sessionCookie } from "~/utils/session.server";

const DAY = 86_400_000;

if (process.argv[2] === "--time") {
  const [file, id] = process.argv.slice(3);
  if (!file || !id || file !== env.DATABASE_PATH) throw new Error("usage: DATABASE_PATH=FILE bench/seed-rounds.ts --time FILE ROUND_ID");
  const round = getRound(Number(id))!;
  const ms = (f: () => unknown) => {
    const t = performance.now();
    f();
    return performance.now() - t;
  };
  const cold = ms(() => roundResults(round));
  const warm = Array.from({ length: 5 }, () => ms(() => roundResults(round))).sort((a, b) => a - b)[2]!;
  // The parts the cold computation shares with every bare request: the totals query, turnout.
  const totals = Array.from({ length: 5 }, () => ms(() => optionTotals(round.id, round.options.length))).sort((a, b) => a - b)[2]!;
  const turnoutMs = Array.from({ length: 5 }, () => ms(() => turnout(round.id))).sort((a, b) => a - b)[2]!;
  // MES alone, on the instance the model builds (the same query, copied from mesInstanceFor).
  const client = getDb().$client;
  let instance: MesInstance | undefined;
  const read = ms(() => {
    const index = new Map<number, number>();
    const position = new Map(round.options.map((o, i) => [o.id, i]));
    const lists = round.options.map(() => [] as number[]);
    const rows = client.prepare("select c.ballot_id, c.option_id from ballot_choices c join ballots b on b.id = c.ballot_id where b.round_id = ? order by c.ballot_id").raw().iterate(round.id) as Iterable<[number, number]>;
    for (const [ballotId, optionId] of rows) {
      let voter = index.get(ballotId);
      if (voter === undefined) index.set(ballotId, (voter = index.size));
      lists[position.get(optionId)!]!.push(voter);
    }
    const voters = client.prepare("select count(*) from ballots where round_id = ?").pluck().get(round.id) as number;
    instance = { voters, ids: round.options.map((o) => String(o.id)), costs: round.options.map((o) => BigInt(o.cost ?? 0)), supporters: lists.map((l) => Int32Array.from(l)), budget: BigInt(round.budget ?? 0) };
  });
  let runs = 0;
  const mes = ms(() => (runs = equalShares(instance!).runs));
  const results = roundResults(round);
  const choices = client.prepare("select count(*) from ballot_choices c join ballots b on b.id = c.ballot_id where b.round_id = ?").pluck().get(round.id);
  console.log(JSON.stringify({ ballots: results.turnout.total, choices, cold, warm, totals, turnout: turnoutMs, read, mes, runs, funded: { mes: results.budget?.mes, greedy: results.budget?.greedy } }));
  process.exit(0);
}

const [file, out] = process.argv.slice(2);
if (!file || !out || file !== env.DATABASE_PATH) throw new Error("usage: DATABASE_PATH=FILE bench/seed-rounds.ts FILE OUT");
const BALLOTS = Number(process.env.BENCH_BALLOTS ?? 100_000);
const VOTERS = Number(process.env.BENCH_VOTERS ?? 20_000);

const started = Date.now();
const db = getDb();
await seedIfEmpty(db, { demoAccounts: true });
const sqlite = db.$client;
// A deterministic generator (mulberry32), so every run measures the same data.
let state = 7;
const random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const districts = sqlite.prepare("select id from districts").pluck().all() as number[];
const hash = sqlite.prepare("select password_hash from users limit 1").pluck().get() as string;

// 8 projects, 1.56 million GEL asked for, 1 million to spend.
const BUDGET = 1_000_000;
const COSTS = [120_000, 250_000, 80_000, 400_000, 150_000, 300_000, 60_000, 200_000];
const POPULARITY = [0.55, 0.35, 0.3, 0.45, 0.2, 0.25, 0.4, 0.15];
const roundId = createRound({
  title: { ka: "სასკოლო ბიუჯეტი 2027", en: "School budget 2027" },
  description: { ka: "სანიმუშო კენჭისყრა", en: "A benchmark vote" },
  method: "budget",
  budget: BUDGET,
  budgetRule: "mes",
  opensAt: new Date(Date.now() - DAY),
  closesAt: new Date(Date.now() + 7 * DAY),
  resultsShown: "after",
  published: true,
  options: COSTS.map((cost, i) => ({ title: { ka: `პროექტი ${i + 1}`, en: `Project ${i + 1}` }, description: { ka: "აღწერა", en: "A description" }, cost })),
});
const optionIds = getRound(roundId)!.options.map((o) => o.id);

/** An approval ballot that fits the budget: popular projects more often, at least one. */
function ballot(): number[] {
  const chosen: number[] = [];
  let spent = 0;
  for (let i = 0; i < COSTS.length; i++) {
    if (random() < POPULARITY[i]! && spent + COSTS[i]! <= BUDGET) {
      chosen.push(i);
      spent += COSTS[i]!;
    }
  }
  return chosen.length ? chosen : [Math.floor(random() * COSTS.length)];
}

sqlite.transaction(() => {
  const user = sqlite.prepare("insert into users (display_name, email, password_hash, district_id) values (?, ?, ?, ?)");
  for (let i = 0; i < BALLOTS + VOTERS; i++) user.run(`მაცხოვრებელი ${i}`, `voter${i}@bench.test`, hash, districts[i % districts.length]!);
})();
const firstUser = sqlite.prepare("select min(id) from users where email like 'voter%@bench.test'").pluck().get() as number;

sqlite.transaction(() => {
  const insertBallot = sqlite.prepare("insert into ballots (round_id, user_id, channel, district_id, created_at) values (?, ?, 'online', ?, ?) returning id").pluck();
  const choice = sqlite.prepare("insert into ballot_choices (ballot_id, option_id) values (?, ?)");
  const now = Date.now();
  for (let i = 0; i < BALLOTS; i++) {
    const id = insertBallot.get(roundId, firstUser + i, districts[i % districts.length]!, now - DAY + Math.floor((i / BALLOTS) * DAY)) as number;
    for (const at of ballot()) choice.run(id, optionIds[at]!);
  }
})();

// Residents who have not voted yet, signed in: the load casts (then changes) their ballots.
const tokens: string[] = [];
sqlite.transaction(() => {
  for (let i = 0; i < VOTERS; i++) tokens.push(createSession(firstUser + BALLOTS + i).token);
})();
const cookies: string[] = [];
for (const token of tokens) cookies.push((await sessionCookie.serialize(token)).split(";")[0]!);

// Ballot bodies as the form sends them (option=ID repeated), all within the budget.
const bodies = Array.from({ length: 64 }, () => ballot().map((at) => `option=${optionIds[at]}`).join("&"));

sqlite.exec("analyze");
sqlite.pragma("wal_checkpoint(TRUNCATE)");
const counts = sqlite
  .prepare("select (select count(*) from users) users, (select count(*) from ballots) ballots, (select count(*) from ballot_choices) choices, (select count(*) from sessions) sessions")
  .get();
sqlite.close();
fs.writeFileSync(out, JSON.stringify({ roundId, optionIds, bodies, cookies }));
console.error(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s:`, counts);
