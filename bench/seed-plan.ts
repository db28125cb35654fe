// Adds to a database seeded by bench/seed-ideas.ts (100,000 ideas, 1,000,000 supports) and
// bench/seed-surveys.ts (a closed survey of 100,000 responses and one of 10,000) what issue 6's
// benchmark also asks for: 1,000,000 ballots. They are spread like three years of a city's votes:
// 10 published rounds (closed, one every ~3 months; the last one open), 100,000 ballots each from
// 100,000 residents (accounts made over the three years, in every district), 9 in 10 online and
// 1 in 10 typed in from paper, each option linked to a plan goal. Some accepted ideas, round options
// and survey questions are linked to goals and measures, and measures get progress reports, as the
// hub would do. Account creation times of the ideas' residents are spread over the three years too.
//   DATABASE_PATH=FILE node --import tsx bench/seed-plan.ts FILE
// With --record, runs what the insights page runs for its default view (the last 26 weeks) and
// writes every statement with its parameters to OUT, for the bare baseline to replay:
//   DATABASE_PATH=FILE node --import tsx bench/seed-plan.ts --record FILE OUT
import fs from "node:fs";
import * as insights from "~/models/insights.server";
import { createRound, getRound } from "~/models/rounds.server";
import { getDb } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { recordStatements } from "./record";

if (process.argv[2] === "--record") {
  const [file, out] = process.argv.slice(3);
  if (!file || !out || file !== env.DATABASE_PATH) throw new Error("usage: DATABASE_PATH=FILE bench/seed-plan.ts --record FILE OUT");
  const client = getDb().$client;
  // Once unrecorded, so that the counts are built and the recording holds only what a request runs.
  insights.insightsScope(new URLSearchParams());
  const recorder = recordStatements(client);
  const { filter, period } = insights.insightsScope(new URLSearchParams());
  insights.weeklyParticipation(filter, period);
  insights.districtParticipation(filter, period);
  insights.channelParticipation(filter, period);
  insights.demographics(filter, period);
  insights.ideasBySupports(filter, period, 10);
  insights.goalsBySupports(filter, period);
  insights.moderationWorkload(filter, period);
  recorder.stop();
  fs.writeFileSync(out, JSON.stringify({ queries: recorder.list }));
  process.exit(0);
}

const [file] = process.argv.slice(2);
if (!file || file !== env.DATABASE_PATH) throw new Error("usage: DATABASE_PATH=FILE bench/seed-plan.ts FILE");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const VOTERS = Number(process.env.BENCH_VOTERS ?? 100_000);
const DAY = 86_400_000;
const YEARS3 = 3 * 365 * DAY;

const started = Date.now();
const sqlite = getDb().$client;
// A deterministic generator (mulberry32), so every run measures the same data.
let state = 11;
const random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const districts = sqlite.prepare("select id from districts").pluck().all() as number[];
const goals = sqlite.prepare("select id from goals order by position").pluck().all() as number[];
const hash = sqlite.prepare("select password_hash from users limit 1").pluck().get() as string;
const now = Date.now();
const admin = sqlite.prepare("select id from users where role = 'admin' order by id limit 1").pluck().get() as number;

// Residents of the ideas benchmark made their accounts over the three years, not today, and
// supported each idea some time after it was submitted, most soon after (deterministic in the pair).
sqlite.prepare("update users set created_at = ? - (id * 7919 % 1095) * 86400000 where email like 'resident%@bench.test'").run(now);
sqlite
  .prepare(
    `update supports set created_at = (select i.created_at + cast(((idea_id * 7919 + user_id * 104729) % 1000 / 1000.0) * ((idea_id * 7919 + user_id * 104729) % 1000 / 1000.0) * ((idea_id * 7919 + user_id * 104729) % 1000 / 1000.0) * (? - i.created_at) as integer) from ideas i where i.id = idea_id)`,
  )
  .run(now);

// The voters: accounts made over the three years, in every district (a few without one).
sqlite.transaction(() => {
  const user = sqlite.prepare("insert into users (display_name, email, password_hash, district_id, created_at) values (?, ?, ?, ?, ?)");
  for (let i = 0; i < VOTERS; i++) {
    const district = random() < 0.05 ? null : districts[Math.floor(random() ** 1.5 * districts.length)]!;
    user.run(`ამომრჩეველი ${i}`, `voter${i}@plan.bench.test`, hash, district, now - Math.floor(random() * YEARS3));
  }
})();
const firstVoter = sqlite.prepare("select min(id) from users where email like '%@plan.bench.test'").pluck().get() as number;

// The rounds: one every ~110 days, each open 3 weeks; 6 options each, linked to goals.
const roundIds: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const opensAt = now - YEARS3 + r * 110 * DAY;
  const last = r === ROUNDS - 1;
  roundIds.push(
    createRound({
      title: { ka: `პრიორიტეტები ${r + 1}`, en: `Priorities ${r + 1}` },
      description: { ka: "სანიმუშო კენჭისყრა", en: "A benchmark vote" },
      method: "approval",
      maxChoices: 3,
      opensAt: new Date(last ? now - 7 * DAY : opensAt),
      closesAt: new Date(last ? now + 14 * DAY : opensAt + 21 * DAY),
      resultsShown: "live",
      published: true,
      options: Array.from({ length: 6 }, (_, i) => ({
        title: { ka: `ვარიანტი ${r + 1}.${i + 1}`, en: `Option ${r + 1}.${i + 1}` },
        description: { ka: "აღწერა", en: "A description" },
        goalId: goals[(r + i) % goals.length]!,
      })),
    }),
  );
}

// A paper ballot belongs to no account: it carries who typed it in.
const insertBallot = sqlite.prepare("insert into ballots (round_id, user_id, channel, entered_by, district_id, created_at) values (?, ?, ?, ?, ?, ?) returning id").pluck();
const choice = sqlite.prepare("insert into ballot_choices (ballot_id, option_id) values (?, ?)");
const voterDistrict = sqlite.prepare("select district_id from users where id >= ? order by id").pluck().all(firstVoter) as Array<number | null>;
for (const roundId of roundIds) {
  const round = getRound(roundId)!;
  const options = round.options.map((o) => o.id);
  const opensAt = round.opensAt.getTime();
  const span = Math.min(round.closesAt.getTime(), now) - opensAt;
  sqlite.transaction(() => {
    for (let i = 0; i < VOTERS; i++) {
      const paper = random() < 0.1;
      const id = insertBallot.get(roundId, paper ? null : firstVoter + i, paper ? "paper" : "online", paper ? admin : null, voterDistrict[i] ?? null, opensAt + Math.floor(random() * span)) as number;
      // 1–3 options, popular ones more often.
      const picked = new Set<number>();
      const n = 1 + Math.floor(random() * 3);
      while (picked.size < n) picked.add(options[Math.floor(random() ** 1.7 * options.length)]!);
      for (const option of picked) choice.run(id, option);
    }
  })();
}

// The plan: four measures a goal, in every state.
sqlite.transaction(() => {
  const measure = sqlite.prepare("insert into measures (goal_id, title, description, department, status, progress, starts_on, ends_on, position) values (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  const statuses = ["planned", "in_progress", "in_progress", "done"];
  goals.forEach((goal, g) => {
    for (let k = 0; k < 4; k++) {
      const title = JSON.stringify({ ka: `ღონისძიება ${g + 1}.${k + 1}`, en: `Measure ${g + 1}.${k + 1}` });
      const description = JSON.stringify({ ka: "ღონისძიების აღწერა", en: "What the measure does" });
      const department = JSON.stringify({ ka: "ინფრასტრუქტურის სამსახური", en: "Infrastructure service" });
      measure.run(goal, title, description, department, statuses[k], [0, 35, 70, 100][k], "2025-01-01", "2028-12-31", k);
    }
  });
})();

// The hub's linking work: accepted ideas, the rounds' options and the survey's questions.
const measures = sqlite.prepare("select id, goal_id from measures").all() as Array<{ id: number; goal_id: number }>;
sqlite.transaction(() => {
  const link = sqlite.prepare("insert or ignore into plan_links (goal_id, measure_id, kind, target_id, created_by) values (?, ?, ?, ?, ?)");
  const accepted = sqlite.prepare("select id, goal_id from ideas where status in ('accepted', 'in_progress', 'implemented') and goal_id is not null order by id limit 2000").all() as Array<{ id: number; goal_id: number }>;
  for (const idea of accepted) {
    const measure = measures.find((m) => m.goal_id === idea.goal_id);
    link.run(idea.goal_id, measure?.id ?? null, "idea", idea.id, admin);
  }
  for (const o of sqlite.prepare("select id, goal_id from round_options where goal_id is not null").all() as Array<{ id: number; goal_id: number }>) link.run(o.goal_id, null, "option", o.id, admin);
  const questions = sqlite.prepare("select id from survey_questions order by id").pluck().all() as number[];
  questions.forEach((q, i) => link.run(goals[i % goals.length]!, null, "question", q, admin));
  const update = sqlite.prepare("insert into measure_updates (measure_id, author_id, body, status, progress, created_at) values (?, ?, ?, 'in_progress', ?, ?)");
  for (const m of measures) for (let k = 1; k <= 12; k++) update.run(m.id, admin, JSON.stringify({ ka: `ანგარიში ${k}`, en: `Report ${k}` }), Math.min(100, k * 8), now - (13 - k) * 60 * DAY);
})();

sqlite.exec("analyze");
sqlite.pragma("wal_checkpoint(TRUNCATE)");
const counts = sqlite
  .prepare(
    "select (select count(*) from users) users, (select count(*) from ideas) ideas, (select count(*) from supports) supports, (select count(*) from ballots) ballots, (select count(*) from ballot_choices) choices, (select count(*) from survey_responses) responses, (select count(*) from plan_links) links",
  )
  .get();
sqlite.close();
console.error(`seeded the plan data in ${((Date.now() - started) / 1000).toFixed(1)} s:`, counts);
console.log(JSON.stringify({ roundIds }));
