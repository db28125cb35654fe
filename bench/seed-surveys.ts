// Seeds a benchmark database for surveys: the Rustavi seed (through the app's migrations), two
// staff accounts with a session, and a closed, published, anonymous survey of 20 questions of every
// type (demographics and public cross-tabulations on) holding 100,000 responses with realistic
// random answers (a seeded generator: every run measures the same data). A second survey with the
// same questions and 10,000 responses shows how costs grow with the number of responses.
// Writes what the load needs (survey ids, a staff session cookie, the SQL the public results
// page runs) to OUT as JSON.
//   DATABASE_PATH=FILE node --import tsx bench/seed-surveys.ts FILE OUT
// With --time, measures in this process (performance.now) surveyResults() for a survey, cold (the
// first call of the process) then warm, each aggregate query apart, and prints every distinct
// query it ran with its EXPLAIN QUERY PLAN, as JSON:
//   DATABASE_PATH=FILE node --import tsx bench/seed-surveys.ts --time FILE SURVEY_ID
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { seedIfEmpty } from "#db/seed/index";
import type { QuestionSettings, QuestionType } from "~/domain/surveys";
import type { Translated } from "~/domain/translated";
import { addQuestion, answerCounts, answeredCounts, createSurvey, crossCounts, dateCounts, getSurvey, numberStats, otherCounts, setSurveyPublished, textAnswers } from "~/models/surveys.server";
import { createSession } from "~/models/sessions.server";
import { getDb } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { getT } from "~/utils/i18n.server";
import { sessionCookie } from "~/utils/session.server";
import { surveyResults } from "~/utils/surveys-results.server";
import { recordStatements } from "./record";

const time = (f: () => unknown) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

if (process.argv[2] === "--time") {
  const [file, id] = process.argv.slice(3);
  if (!file || !id || file !== env.DATABASE_PATH) throw new Error("usage: DATABASE_PATH=FILE bench/seed-surveys.ts --time FILE SURVEY_ID");
  const client = getDb().$client;
  const t = getT("ka", "surveys");
  const survey = getSurvey(Number(id))!;
  // Cold: the first call of this process (statements prepared, pages read into SQLite's cache).
  const recorder = recordStatements(client);
  const coldPublic = time(() => surveyResults(survey, "ka", { staff: false, t }));
  recorder.stop();
  const warmPublic = time(() => surveyResults(survey, "ka", { staff: false, t }));
  const warmStaff = time(() => surveyResults(survey, "ka", { staff: true, t }));
  // Each aggregate apart (after the calls above), as surveyResults calls them for the public page.
  const ids = survey.questions.map((q) => q.id);
  const choice = survey.questions.filter((q) => ["single", "multiple", "dropdown"].includes(q.type));
  const texts = survey.questions.filter((q) => ["short", "long"].includes(q.type) || (q.settings.other ?? false));
  const parts: Record<string, number> = {
    answerCounts: time(() => answerCounts(ids)),
    answeredCounts: time(() => answeredCounts(ids)),
    numberStats: time(() => numberStats(ids)),
    dateCounts: time(() => dateCounts(survey.questions.filter((q) => q.type === "date").map((q) => q.id))),
    otherCounts: time(() => otherCounts(ids)),
    [`crossCounts (${choice.length} questions × 3 breakdowns)`]: time(() => choice.forEach((q) => (["district", "ageBand", "gender"] as const).forEach((by) => crossCounts(q.id, by)))),
    [`textAnswers, published only (${texts.length} questions)`]: time(() => texts.forEach((q) => textAnswers(q.id, { publishedOnly: true }))),
    [`textAnswers, staff (${texts.length} questions)`]: time(() => texts.forEach((q) => textAnswers(q.id, { publishedOnly: false }))),
  };
  // The plan of every distinct statement the public results ran (what the bare baseline replays).
  const plans = new Map<string, { sql: string; runs: number; plan: string[] }>();
  for (const r of recorder.list) {
    const key = r.sql.replace(/\s+/g, " ").trim();
    const known = plans.get(key);
    if (known) {
      known.runs++;
      continue;
    }
    const rows = client.prepare(`explain query plan ${r.sql}`).all(...r.params) as Array<{ id: number; parent: number; detail: string }>;
    const depth = new Map<number, number>([[0, 0]]);
    const plan = rows.map((row) => {
      const d = (depth.get(row.parent) ?? 0) + 1;
      depth.set(row.id, d);
      return `${"  ".repeat(d - 1)}${row.detail}`;
    });
    plans.set(key, { sql: key, runs: 1, plan });
  }
  const counts = client
    .prepare("select (select count(*) from survey_responses where survey_id = ?) responses, (select count(*) from survey_answers where question_id in (select id from survey_questions where survey_id = ?)) answers")
    .get(survey.id, survey.id);
  const cache = client.pragma("cache_size", { simple: true });
  console.log(JSON.stringify({ ...(counts as object), coldPublic, warmPublic, warmStaff, parts, cache, statements: recorder.list.length, plans: [...plans.values()] }));
  process.exit(0);
}

const [file, out] = process.argv.slice(2);
if (!file || !out || file !== env.DATABASE_PATH) throw new Error("usage: DATABASE_PATH=FILE bench/seed-surveys.ts FILE OUT");
const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 100_000);
const SMALL = Number(process.env.BENCH_SMALL_RESPONSES ?? 10_000);

const started = performance.now();
const db = getDb();
await seedIfEmpty(db, { demoAccounts: true });
const sqlite = db.$client;
sqlite.pragma("cache_size = -262144"); // 256 MB while seeding

// A deterministic generator (mulberry32), so every run measures the same data.
let state = 11;
const random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
/** An index drawn with the given weights. */
const weighted = (weights: number[]) => {
  const total = weights.reduce((a, b) => a + b, 0);
  let r = random() * total;
  for (let i = 0; i < weights.length; i++) if ((r -= weights[i]!) < 0) return i;
  return weights.length - 1;
};
/** Roughly bell-shaped weights around a peak (a scale answered by real people). */
const bell = (n: number, peak: number, spread: number) => Array.from({ length: n }, (_, i) => Math.exp(-((i - peak) ** 2) / (2 * spread ** 2)) + 0.05);
/** Fixed, uneven popularity of n options. */
const skewed = (n: number) => Array.from({ length: n }, () => 0.2 + random() ** 2 * 3);

// ─── Staff ───────────────────────────────────────────────────────────────────────────────

const hash = sqlite.prepare("select password_hash from users where email = 'admin@khma.test'").pluck().get() as string;
const addUser = sqlite.prepare("insert into users (display_name, email, password_hash, role) values (?, ?, ?, ?) returning id").pluck();
const adminId = addUser.get("ბენჩის ადმინი", "bench-admin@bench.test", hash, "admin") as number;
addUser.get("ბენჩის მოდერატორი", "bench-moderator@bench.test", hash, "moderator");
const cookie = (await sessionCookie.serialize(createSession(adminId).token)).split(";")[0]!;

// ─── The survey ──────────────────────────────────────────────────────────────────────────

const ka = (s: string, en: string): Translated => ({ ka: s, en });
const WORDS = "ქალაქი პარკი ავტობუსი გზა სკოლა ეზო განათება ნაგავი ხეები სკამი ტროტუარი წყალი ბავშვები მოხუცები ველოსიპედი ბაზარი ხიდი მოედანი სპორტი ბიბლიოთეკა კარგი ცუდი ძალიან საჭიროა მინდა გთხოვთ უფრო მეტი ნაკლები ახალი ძველი ჩვენი უბანი".split(" ");
const words = (n: number) => Array.from({ length: n }, () => WORDS[int(0, WORDS.length - 1)]).join(" ");
type Spec = { type: QuestionType; text: Translated; required?: boolean; settings?: QuestionSettings; options?: string[]; skip: number };
const opts = (n: number, stem: string) => Array.from({ length: n }, (_, i) => `${stem} ${i + 1}`);
const QUESTIONS: Spec[] = [
  { type: "single", text: ka("რამდენ ხანს ცხოვრობთ რუსთავში?", "How long have you lived in Rustavi?"), required: true, options: ["1 წელზე ნაკლები", "1–5 წელი", "6–10 წელი", "11–20 წელი", "20 წელზე მეტი"], skip: 0 },
  { type: "single", text: ka("როგორ მოდიხართ სამსახურში?", "How do you get to work?"), options: ["ფეხით", "ავტობუსით", "მანქანით", "ველოსიპედით", "ტაქსით", "სხვა გზით"], settings: { other: true }, skip: 0.04 },
  { type: "multiple", text: ka("რომელი სამი საკითხია ყველაზე მნიშვნელოვანი?", "Which three issues matter most?"), required: true, options: opts(8, "საკითხი"), settings: { maxChoices: 3 }, skip: 0 },
  { type: "multiple", text: ka("რომელ საჯარო სივრცეებს სტუმრობთ?", "Which public spaces do you visit?"), options: opts(6, "სივრცე"), settings: { other: true, maxChoices: null }, skip: 0.06 },
  { type: "dropdown", text: ka("რომელ უბანში ცხოვრობთ?", "Which neighbourhood do you live in?"), options: opts(7, "მიკრორაიონი"), skip: 0.05 },
  { type: "dropdown", text: ka("რა არის თქვენი განათლება?", "Your education?"), options: ["საშუალო", "პროფესიული", "ბაკალავრი", "მაგისტრი", "დოქტორი", "სხვა"], skip: 0.08 },
  { type: "scale", text: ka("რამდენად კმაყოფილი ხართ ქალაქის დასუფთავებით?", "How satisfied are you with street cleaning?"), settings: { scale: "1-5", minLabel: ka("სულაც არა", "Not at all"), maxLabel: ka("ძალიან", "Very") }, required: true, skip: 0 },
  { type: "scale", text: ka("რამდენად სავარაუდოა, რომ რუსთავს მეგობარს ურჩევთ?", "How likely are you to recommend Rustavi to a friend?"), settings: { scale: "0-10", minLabel: ka("არ ვურჩევ", "Not likely"), maxLabel: ka("აუცილებლად", "Certainly") }, skip: 0.03 },
  { type: "scale", text: ka("რამდენად უსაფრთხოდ გრძნობთ თავს საღამოს?", "How safe do you feel in the evening?"), settings: { scale: "1-5" }, skip: 0.05 },
  { type: "number", text: ka("რამდენი ადამიანი ცხოვრობს თქვენს ოჯახში?", "How many people live in your household?"), settings: { min: 1, max: 15 }, skip: 0.07 },
  { type: "number", text: ka("რამდენ წუთს ანდომებთ გზას სამსახურამდე?", "How many minutes is your commute?"), settings: { min: 0, max: 240 }, skip: 0.12 },
  { type: "date", text: ka("როდის ეწვიეთ ბოლოს მერიას?", "When did you last visit City Hall?"), skip: 0.3 },
  { type: "ranking", text: ka("დაალაგეთ პროექტები პრიორიტეტის მიხედვით", "Rank the projects by priority"), options: ["ახალი პარკი", "გზების შეკეთება", "საბავშვო ბაღი", "ველობილიკი", "ბაზრის რემონტი"], skip: 0.05 },
  { type: "matrix", text: ka("შეაფასეთ მომსახურებები", "Rate the services"), options: ["საზოგადოებრივი ტრანსპორტი", "ნაგვის გატანა", "ქუჩის განათება", "წყალმომარაგება"], settings: { scale: "1-5", minLabel: ka("ცუდი", "Poor"), maxLabel: ka("კარგი", "Good") }, skip: 0.04 },
  { type: "short", text: ka("ერთი სიტყვით: რა გაკლიათ უბანში?", "In a word: what does your neighbourhood lack?"), skip: 0.6 },
  { type: "long", text: ka("რა უნდა შეიცვალოს ქალაქში?", "What should change in the city?"), skip: 0.75 },
  { type: "single", text: ka("მიგიღიათ თუ არა მონაწილეობა საჯარო შეხვედრაში?", "Have you taken part in a public meeting?"), options: ["დიახ, ბოლო წელს", "დიახ, უფრო ადრე", "არა, მაგრამ მინდა", "არა"], skip: 0.02 },
  { type: "scale", text: ka("რამდენად ენდობით მერიას?", "How much do you trust City Hall?"), settings: { scale: "0-10" }, skip: 0.06 },
  { type: "short", text: ka("თქვენი საყვარელი ადგილი ქალაქში", "Your favourite place in the city"), skip: 0.55 },
  { type: "long", text: ka("სხვა კომენტარი", "Any other comment"), skip: 0.85 },
];

const DAY = 86_400_000;
function makeSurvey(title: Translated): number {
  const id = createSurvey(
    {
      title,
      description: ka("ქალაქის ყოველწლიური კვლევა", "The city's yearly survey"),
      opensAt: new Date(Date.now() - 60 * DAY),
      closesAt: new Date(Date.now() - DAY),
      audience: "anyone",
      anonymous: true,
      onePerPerson: true,
      demographics: true,
      publicCrosstabs: true,
    },
    adminId,
  );
  const sectionId = getSurvey(id)!.sections[0]!.id;
  for (const q of QUESTIONS) {
    const added = addQuestion(
      id,
      sectionId,
      { type: q.type, text: q.text, help: {}, required: q.required ?? false, settings: q.settings ?? {}, condition: null, options: (q.options ?? []).map((o) => ({ ka: o })) },
      adminId,
    );
    if (!added.ok) throw new Error(`addQuestion: ${added.reason}`);
  }
  setSurveyPublished(id, true, adminId);
  return id;
}

const districts = sqlite.prepare("select id from districts order by position").pluck().all() as number[];
const districtWeights = skewed(districts.length);
const AGE = ["16-24", "25-34", "35-44", "45-54", "55-64", "65+"];
const ageWeights = [14, 22, 20, 17, 15, 12];

const insertResponse = sqlite.prepare("insert into survey_responses (id, survey_id, channel, day, age_band, gender, district_id) values (?, ?, 'online', ?, ?, ?, ?)");
const insertRespondent = sqlite.prepare("insert into survey_respondents (survey_id, who, day) values (?, ?, ?)");
const insertAnswer = sqlite.prepare("insert into survey_answers (response_id, question_id, option_id, row_id, num, text, published) values (?, ?, ?, ?, ?, ?, ?)");
const usedIds = new Set<number>(sqlite.prepare("select id from survey_responses").pluck().all() as number[]);

function fill(surveyId: number, count: number) {
  const survey = getSurvey(surveyId)!;
  // Each question's fixed answer tendencies, drawn once.
  const tendency = survey.questions.map((q) => ({ weights: skewed(Math.max(q.options.length, 1)), peak: random() }));
  const startDay = Date.now() - 60 * DAY;
  const BATCH = 10_000;
  for (let done = 0; done < count; done += BATCH) {
    sqlite.transaction(() => {
      for (let i = done; i < Math.min(count, done + BATCH); i++) {
        // A random id, as submitResponse gives anonymous responses (here from the seeded generator).
        let id: number;
        do id = 1 + Math.floor(random() * 2 ** 47);
        while (usedIds.has(id));
        usedIds.add(id);
        // More responses early (the launch), fewer later.
        const day = new Date(startDay + Math.floor(random() ** 1.6 * 59) * DAY).toISOString().slice(0, 10);
        const given = random() < 0.85;
        insertResponse.run(
          id,
          surveyId,
          day,
          given && random() < 0.95 ? AGE[weighted(ageWeights)]! : null,
          given && random() < 0.93 ? (random() < 0.54 ? "female" : random() < 0.98 ? "male" : "other") : null,
          given && random() < 0.9 ? districts[weighted(districtWeights)]! : null,
        );
        insertRespondent.run(surveyId, `b:${id.toString(16)}${i.toString(36)}`, day);
        const add = (questionId: number, optionId: number | null, rowId: number | null, num: number | null, text: string | null, published = 0) =>
          insertAnswer.run(id, questionId, optionId, rowId, num, text, published);
        survey.questions.forEach((q, at) => {
          const spec = QUESTIONS[at]!;
          const { weights, peak } = tendency[at]!;
          if (random() < spec.skip) return;
          const ids = q.options.map((o) => o.id);
          switch (q.type) {
            case "single":
            case "dropdown":
              if (q.settings.other && random() < 0.03) add(q.id, null, null, null, words(int(1, 3)), random() < 0.1 ? 1 : 0);
              else add(q.id, ids[weighted(weights)]!, null, null, null);
              break;
            case "multiple": {
              const max = q.settings.maxChoices ?? ids.length;
              const n = Math.min(max, 1 + Math.floor(random() * Math.min(max, 4)));
              const chosen = new Set<number>();
              while (chosen.size < n) chosen.add(weighted(weights));
              for (const c of [...chosen].sort((a, b) => a - b)) add(q.id, ids[c]!, null, null, null);
              if (q.settings.other && random() < 0.04) add(q.id, null, null, null, words(int(1, 3)), random() < 0.1 ? 1 : 0);
              break;
            }
            case "scale": {
              const points = q.settings.scale === "0-10" ? 11 : 5;
              add(q.id, null, null, (points === 11 ? 0 : 1) + weighted(bell(points, peak * (points - 1), points / 4)), null);
              break;
            }
            case "number":
              add(q.id, null, null, q.settings.max === 15 ? 1 + weighted(bell(9, 2, 1.5)) : Math.round(Math.abs(10 + 35 * peak + (random() + random() + random() - 1.5) * 30)), null);
              break;
            case "date":
              add(q.id, null, null, null, new Date(Date.now() - Math.floor(random() ** 2 * 730) * DAY).toISOString().slice(0, 10));
              break;
            case "ranking": {
              const order = ids.map((o, k) => ({ o, key: random() * weights[k]! })).sort((a, b) => b.key - a.key);
              const ranked = random() < 0.85 ? order.length : 3;
              order.slice(0, ranked).forEach(({ o }, rank) => add(q.id, o, null, rank + 1, null));
              break;
            }
            case "matrix":
              for (const row of ids) if (random() < 0.97) add(q.id, null, row, 1 + weighted(bell(5, random() * 4, 1.2)), null);
              break;
            case "short":
              add(q.id, null, null, null, words(int(1, 4)), random() < 0.02 ? 1 : 0);
              break;
            case "long":
              add(q.id, null, null, null, `${words(int(12, 60))}.`, random() < 0.02 ? 1 : 0);
              break;
          }
        });
      }
    })();
  }
}

const surveyId = makeSurvey(ka("ქალაქის კვლევა 2026", "City survey 2026"));
fill(surveyId, RESPONSES);
const smallId = makeSurvey(ka("მცირე კვლევა 2026", "Small survey 2026"));
fill(smallId, SMALL);
const seededIn = (performance.now() - started) / 1000;

sqlite.exec("analyze");
sqlite.pragma("wal_checkpoint(TRUNCATE)");

// The SQL the public results page runs (getSurvey, then surveyResults), with its parameters,
// recorded from the app's own functions: the bare baseline replays exactly these statements.
const recorder = recordStatements(sqlite);
const shown = getSurvey(surveyId)!;
surveyResults(shown, "ka", { staff: false, t: getT("ka", "surveys") });
recorder.stop();

const counts = sqlite
  .prepare(
    "select (select count(*) from survey_responses) responses, (select count(*) from survey_answers) answers, (select count(*) from survey_answers where text is not null and option_id is null) texts, (select count(*) from survey_answers where published) published",
  )
  .get() as Record<string, number>;
sqlite.close();
const bytes = fs.statSync(file).size;
fs.writeFileSync(out, JSON.stringify({ surveyId, smallId, responses: RESPONSES, small: SMALL, cookie, queries: recorder.list.map((r) => ({ sql: r.sql, params: r.params })), counts, seededIn, bytes }));
console.error(`seeded in ${seededIn.toFixed(1)} s (+ analyze):`, counts, `${(bytes / 2 ** 20).toFixed(0)} MB`);
