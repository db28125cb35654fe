// The open-data API (/api/v1, docs/api.md) as a script elsewhere meets it: every endpoint answers
// with its documented shape, refuses bad parameters with a 400 (never a 5xx), says 404 for what
// does not exist, gives nothing private away (e-mails, phone numbers, hidden or rejected ideas,
// unpublished free text, drafts), answers 304 to a matching ETag, is open to other origins, and
// is rate-limited per client address.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { users } from "#db/schema";
import { DEMO } from "../../test/accounts";
import { call, context, getRequest, ORIGIN, type DataFunction } from "../../test/requests";
import { addComment, changeStatus, createIdea, setIdeaHidden, support } from "~/models/ideas.server";
import { listDistricts, listGoals } from "~/models/municipality.server";
import { addMeasureUpdate, createMeasure, linkInput } from "~/models/plan.server";
import { castBallot, createRound, getRound, type NewRound } from "~/models/rounds.server";
import { addQuestion, createSurvey, getSurvey, setSurveyPublished, setTextPublished, submitResponse } from "~/models/surveys.server";
import { createUser } from "~/models/users.server";
import { getDb } from "~/utils/db.server";
import { checkLimits, RATE_LIMITS } from "~/utils/rate-limit.server";
import { loader as notFoundLoader } from "./api.v1.$";
import { loader as indexLoader } from "./api.v1._index";
import { loader as goalLoader } from "./api.v1.goals.$id";
import { loader as ideasLoader } from "./api.v1.ideas";
import { loader as ideasCsvLoader } from "./api.v1.ideas[.]csv";
import { loader as measuresLoader } from "./api.v1.measures";
import { loader as measuresCsvLoader } from "./api.v1.measures[.]csv";
import { loader as planLoader } from "./api.v1.plan";
import { loader as pabulibLoader } from "./api.v1.rounds.$id.ballots[.]pb";
import { loader as resultsLoader } from "./api.v1.rounds.$id.results";
import { loader as resultsCsvLoader } from "./api.v1.rounds.$id.results[.]csv";
import { loader as roundsLoader } from "./api.v1.rounds._index";
import { loader as participationLoader } from "./api.v1.stats.participation";
import { loader as participationCsvLoader } from "./api.v1.stats.participation[.]csv";
import { loader as surveyResultsLoader } from "./api.v1.surveys.$id.results";

const DAY = 24 * 3_600_000;
const LANGUAGES = ["ka", "en", "az", "ru"] as const;

// ─── Requests ───────────────────────────────────────────────────────────────────────────

type Endpoint = { name: string; loader: DataFunction; path: string; params?: Record<string, string>; csv?: boolean; text?: boolean };

// Every request comes from its own address unless a test says otherwise: the per-IP limit is tested on its own.
let addresses = 0;
function freshIp(): string {
  addresses += 1;
  return `10.${(addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}`;
}

function get(e: Endpoint, query = "", headers: Record<string, string> = {}, ip = freshIp()): Promise<Response> {
  return call(e.loader, getRequest(`${e.path}${query}`, headers), e.params ?? {}, context(ip));
}

async function getJson<T = Record<string, unknown>>(e: Endpoint, query = ""): Promise<T> {
  const response = await get(e, query);
  expect(response.status, `${e.path}${query}`).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
  return (await response.json()) as T;
}

/** A CSV answer as lines, without the byte-order mark. */
async function csvLines(response: Response): Promise<string[]> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return new TextDecoder("utf-8", { ignoreBOM: false }).decode(bytes).split("\r\n").filter(Boolean);
}

// ─── The data every test reads ──────────────────────────────────────────────────────────

/** Texts that must never leave the server through the API. */
const SECRET = {
  hiddenTitle: "Hidden idea SECRET-HIDDEN-7781",
  hiddenDescription: "This hidden description names SECRET-HIDDEN-DESC-7781 at length.",
  rejectedTitle: "Rejected idea SECRET-REJECTED-5521",
  rejectedDescription: "A rejected description with SECRET-REJECTED-DESC-5521 personal data.",
  rejectedNote: "Moderator note SECRET-NOTE-5521",
  pendingTitle: "Pending idea SECRET-PENDING-3310",
  freeText: "SECRET-FREETEXT-9904 I live at 12 Secret Street",
  draftRound: "SECRET-DRAFT-ROUND-6620",
  draftQuestion: "SECRET-DRAFT-QUESTION-1200",
  hiddenComment: "SECRET-COMMENT-4417",
};

const people: Array<{ email?: string; phone?: string; id: number }> = [];
let goalId = 0;
let otherGoalId = 0;
let district = 0;
let population = 0;
let adminId = 0;
const made = {
  visibleIdea: 0,
  acceptedIdea: 0,
  hiddenIdea: 0,
  rejectedIdea: 0,
  formulaIdea: 0,
  measure: 0,
  budgetRound: 0,
  budgetOption: 0,
  smallBudgetRound: 0,
  smallOption: 0,
  afterRound: 0,
  draftRound: 0,
  survey: 0,
  question: 0,
};

function person(identifier: { kind: "email" | "phone"; value: string }, displayName: string, districtId: number | null = null) {
  const user = createUser({ displayName, identifier, passwordHash: "x" })!;
  getDb().update(users).set({ districtId }).where(eq(users.id, user.id)).run();
  people.push({ id: user.id, [identifier.kind]: identifier.value });
  return user.id;
}

let voters = 0;
function voter(districtId: number | null) {
  voters += 1;
  return voters % 2 ? person({ kind: "email", value: `voter${voters}@private-api.test` }, `Voter ${voters}`, districtId) : person({ kind: "phone", value: `+99559900${String(1000 + voters)}` }, `Voter ${voters}`, districtId);
}

function idea(authorId: number, title: string, description: string, moderation: "pre" | "post" = "post", goal = goalId, districtId = district) {
  return createIdea({ authorId, title, description, goalId: goal, districtId, moderation });
}

function round(extra: Partial<NewRound> & { title: NewRound["title"] }, options: NewRound["options"]) {
  return createRound({
    description: { ka: "აღწერა", en: "About the vote" },
    method: "approval",
    maxChoices: 2,
    published: true,
    resultsShown: "after",
    opensAt: new Date(Date.now() - 7 * DAY),
    closesAt: new Date(Date.now() - DAY),
    ...extra,
    options,
  });
}

beforeAll(() => {
  adminId = getDb().select({ id: users.id }).from(users).where(eq(users.email, DEMO.admin)).get()!.id;
  const goals = listGoals();
  goalId = goals[0]!.id;
  otherGoalId = goals[1]!.id;
  const d = listDistricts()[2]!;
  district = d.id;
  population = d.population!;

  const author = person({ kind: "email", value: "secret.author@private-api.test" }, "Nana Public-Name", district);
  const phoneAuthor = person({ kind: "phone", value: "+995599777001" }, "Phone Person", district);
  const supporter = person({ kind: "email", value: "secret.supporter@private-api.test" }, "Quiet Supporter", district);

  // Ideas: two public, one hidden by moderators, one rejected (with a note to its author), one waiting.
  made.visibleIdea = idea(author, "More benches in the central park", "Old people need places to rest on the way to the market.");
  made.acceptedIdea = idea(phoneAuthor, "Night buses to the station", "The last bus leaves too early for shift workers.", "post", otherGoalId);
  changeStatus({ ideaId: made.acceptedIdea, actorId: adminId, to: "accepted", answer: "Planned for next year." });
  made.hiddenIdea = idea(author, SECRET.hiddenTitle, SECRET.hiddenDescription);
  // Linked to the plan while public, hidden afterwards: the goal must forget it.
  expect(linkInput({ kind: "idea", targetId: made.hiddenIdea, goalId, measureId: null }, adminId)).toBe("linked");
  setIdeaHidden({ ideaId: made.hiddenIdea, actorId: adminId, hidden: true, reason: "personal_data" });
  made.rejectedIdea = idea(author, SECRET.rejectedTitle, SECRET.rejectedDescription, "pre");
  changeStatus({ ideaId: made.rejectedIdea, actorId: adminId, to: "rejected", reason: "personal_data", note: SECRET.rejectedNote });
  idea(phoneAuthor, SECRET.pendingTitle, "Waiting for a moderator to read it, not public yet.", "pre");
  made.formulaIdea = idea(author, '=HYPERLINK("http://evil.example","click")', "A title that Excel would run as a formula if it could.");
  support(made.visibleIdea, supporter);
  support(made.visibleIdea, phoneAuthor);
  const comment = addComment({ ideaId: made.visibleIdea, authorId: supporter, body: SECRET.hiddenComment })!;
  getDb().$client.prepare("update comments set hidden = 1 where id = ?").run(comment);
  addComment({ ideaId: made.visibleIdea, authorId: supporter, body: "A visible comment." });

  // The plan: a measure with a progress report, and the visible idea linked to it.
  made.measure = createMeasure(
    goalId,
    {
      title: { ka: "ავტობუსის ზოლები", en: "Bus lanes on Rustaveli avenue" },
      description: { ka: "ახალი ზოლები" },
      department: { ka: "ტრანსპორტის სამსახური", en: "Transport Department" },
      status: "planned",
      progress: 0,
      startsOn: "2026-01-15",
      endsOn: "2026-12-31",
    },
    adminId,
  );
  addMeasureUpdate(made.measure, { body: { ka: "პროექტი მზადაა", en: "The design is finished" }, status: "in_progress", progress: 40 }, adminId);
  expect(linkInput({ kind: "idea", targetId: made.visibleIdea, goalId, measureId: made.measure }, adminId)).toBe("linked");

  // Rounds: a closed budget with 5 ballots, one with 2, an open one with results after closing, a draft.
  made.budgetRound = round({ title: { ka: "ბიუჯეტი", en: "Budget of 2026" }, method: "budget", maxChoices: null, budget: 100_000, budgetRule: "greedy" }, [
    { title: { ka: "პარკი", en: "A park" }, description: {}, cost: 60_000, goalId },
    { title: { ka: "ნათურები", en: "Street lights" }, description: {}, cost: 30_000 },
  ]);
  const budgetOptions = getRound(made.budgetRound)!.options.map((o) => o.id);
  made.budgetOption = budgetOptions[0]!;
  for (let i = 0; i < 5; i++) castBallot({ roundId: made.budgetRound, userId: voter(district), districtId: district, choices: [{ optionId: budgetOptions[i % 2]! }] });
  made.smallBudgetRound = round({ title: { ka: "პატარა", en: "A small budget" }, method: "budget", maxChoices: null, budget: 10_000, budgetRule: "mes" }, [
    { title: { ka: "ა", en: "One" }, description: {}, cost: 5_000 },
    { title: { ka: "ბ", en: "Two" }, description: {}, cost: 5_000 },
  ]);
  const small = getRound(made.smallBudgetRound)!.options.map((o) => o.id);
  made.smallOption = small[0]!;
  for (let i = 0; i < 2; i++) castBallot({ roundId: made.smallBudgetRound, userId: voter(district), districtId: district, choices: [{ optionId: small[0]! }] });
  made.afterRound = round({ title: { ka: "ღია", en: "Open vote, results after" }, opensAt: new Date(Date.now() - DAY), closesAt: new Date(Date.now() + DAY) }, [
    { title: { ka: "ა", en: "Trees" }, description: {} },
    { title: { ka: "ბ", en: "Fountains" }, description: {} },
  ]);
  castBallot({ roundId: made.afterRound, userId: voter(district), districtId: district, choices: [{ optionId: getRound(made.afterRound)!.options[0]!.id }] });
  made.draftRound = round({ title: { ka: SECRET.draftRound, en: SECRET.draftRound }, published: false }, [
    { title: { ka: `${SECRET.draftRound} ა`, en: `${SECRET.draftRound} option` }, description: {}, goalId },
    { title: { ka: "ბ", en: "B" }, description: {}, goalId },
  ]);

  // A closed survey with free text: one answer published by a moderator, one not.
  made.survey = createSurvey(
    { title: { ka: "გამოკითხვა", en: "Parks survey" }, description: {}, opensAt: new Date(Date.now() - 7 * DAY), closesAt: new Date(Date.now() + DAY), audience: "anyone", anonymous: true, onePerPerson: false, demographics: true, publicCrosstabs: false },
    adminId,
  );
  const section = getSurvey(made.survey)!.sections[0]!.id;
  const added = addQuestion(made.survey, section, { type: "long", text: { ka: "თქვენი აზრი", en: "Your thoughts on parks" }, help: {}, required: false, settings: {}, condition: null, options: [] }, adminId);
  if (!added.ok) throw new Error(added.reason);
  made.question = added.id;
  setSurveyPublished(made.survey, true, adminId);
  const answer = (text: string, ageBand: string, gender: string) =>
    submitResponse({ surveyId: made.survey, who: null, onePerPerson: false, anonymous: true, userId: null, channel: "online", day: "2026-03-01", demographics: { ageBand, gender, districtId: district }, rows: [{ questionId: made.question, optionId: null, rowId: null, num: null, text }] });
  answer(SECRET.freeText, "25-34", "female");
  answer("Published thought 4411 about more shade", "65+", "male");
  const published = getDb().$client.prepare("select id from survey_answers where text like 'Published thought 4411%'").pluck().get() as number;
  expect(setTextPublished(made.survey, published, true, adminId)).toBe(true);
  getDb().$client.prepare("update surveys set closes_at = ? where id = ?").run(Date.now() - 60_000, made.survey);
  expect(linkInput({ kind: "question", targetId: made.question, goalId, measureId: made.measure }, adminId)).toBe("linked");

  // A draft survey's question linked to the goal: it must not show before the survey is published.
  const draftSurvey = createSurvey({ title: { ka: "მონახაზი" }, description: {}, opensAt: new Date(Date.now() + DAY), closesAt: new Date(Date.now() + 2 * DAY), audience: "anyone", anonymous: true, onePerPerson: true, demographics: false, publicCrosstabs: false }, adminId);
  const draftQuestion = addQuestion(draftSurvey, getSurvey(draftSurvey)!.sections[0]!.id, { type: "short", text: { ka: SECRET.draftQuestion, en: SECRET.draftQuestion }, help: {}, required: false, settings: {}, condition: null, options: [] }, adminId);
  if (!draftQuestion.ok) throw new Error(draftQuestion.reason);
  expect(linkInput({ kind: "question", targetId: draftQuestion.id, goalId, measureId: null }, adminId)).toBe("linked");
});

/** Every endpoint, with ids of things that exist and are public. */
function endpoints(): Endpoint[] {
  const round = { id: String(made.budgetRound) };
  return [
    { name: "index", loader: indexLoader, path: "/api/v1" },
    { name: "plan", loader: planLoader, path: "/api/v1/plan" },
    { name: "goal", loader: goalLoader, path: `/api/v1/goals/${goalId}`, params: { id: String(goalId) } },
    { name: "measures", loader: measuresLoader, path: "/api/v1/measures" },
    { name: "measures.csv", loader: measuresCsvLoader, path: "/api/v1/measures.csv", csv: true },
    { name: "ideas", loader: ideasLoader, path: "/api/v1/ideas" },
    { name: "ideas.csv", loader: ideasCsvLoader, path: "/api/v1/ideas.csv", csv: true },
    { name: "rounds", loader: roundsLoader, path: "/api/v1/rounds" },
    { name: "round results", loader: resultsLoader, path: `/api/v1/rounds/${made.budgetRound}/results`, params: round },
    { name: "round results.csv", loader: resultsCsvLoader, path: `/api/v1/rounds/${made.budgetRound}/results.csv`, params: round, csv: true },
    { name: "ballots.pb", loader: pabulibLoader, path: `/api/v1/rounds/${made.budgetRound}/ballots.pb`, params: round, text: true },
    { name: "survey results", loader: surveyResultsLoader, path: `/api/v1/surveys/${made.survey}/results`, params: { id: String(made.survey) } },
    { name: "participation", loader: participationLoader, path: "/api/v1/stats/participation" },
    { name: "participation.csv", loader: participationCsvLoader, path: "/api/v1/stats/participation.csv", csv: true },
  ];
}
const byName = (name: string) => endpoints().find((e) => e.name === name)!;

/** The same endpoint for another id in its path. */
function withId(e: Endpoint, id: number | string): Endpoint {
  return { ...e, path: e.path.replace(new RegExp(`/${e.params!.id}(?=/|$)`), `/${id}`), params: { id: String(id) } };
}

// ─── Shapes ─────────────────────────────────────────────────────────────────────────────

describe("every endpoint answers 200 with its documented shape", () => {
  it("/api/v1 lists the endpoints", async () => {
    const data = await getJson<{ version: number; endpoints: string[] }>(byName("index"));
    expect(data.version).toBe(1);
    expect(data.endpoints).toContain("/api/v1/ideas.csv");
    expect(data.endpoints).toContain("/api/v1/rounds/{id}/ballots.pb");
  });

  it("/api/v1/plan: goals in order, each with its measures, their progress and updates, in ?lng= with Georgian fallback", async () => {
    type Plan = { language: string; goals: Array<{ id: number; slug: string; title: string; description: string; url: string; measures: Array<Record<string, unknown> & { updates: Array<Record<string, unknown>> }> }> };
    const data = await getJson<Plan>(byName("plan"), "?lng=en");
    expect(data.language).toBe("en");
    expect(data.goals.map((g) => g.id)).toEqual(listGoals().map((g) => g.id));
    const goal = data.goals.find((g) => g.id === goalId)!;
    expect(goal).toMatchObject({ slug: expect.any(String), title: expect.any(String), url: `/plan/${goalId}` });
    const measure = goal.measures.find((m) => m.id === made.measure)!;
    expect(measure).toEqual({
      id: made.measure,
      goalId,
      title: "Bus lanes on Rustaveli avenue",
      description: "ახალი ზოლები",
      department: "Transport Department",
      status: "in_progress",
      progress: 40,
      startsOn: "2026-01-15",
      endsOn: "2026-12-31",
      updates: [{ id: expect.any(Number), at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), status: "in_progress", progress: 40, text: "The design is finished" }],
    });
    // Azerbaijani was not written: Georgian instead.
    const az = await getJson<Plan>(byName("plan"), "?lng=az");
    expect(az.goals.find((g) => g.id === goalId)!.measures.find((m) => m.id === made.measure)).toMatchObject({ title: "ავტობუსის ზოლები", department: "ტრანსპორტის სამსახური" });
    expect(data.goals.find((g) => g.id === otherGoalId)!.measures).toEqual([]);
  });

  it("/api/v1/goals/:id: the goal, its measures, and its public ideas, round options and survey questions", async () => {
    type Goal = {
      goal: { id: number; title: string };
      measures: Array<{ id: number }>;
      input: {
        ideas: Array<{ id: number; title: string; status: string; supports: number; district: { id: number; name: string }; measures: number[]; url: string }>;
        options: Array<{ id: number; title: string; round: { id: number; phase: string }; ballots: number | null; results: string | null }>;
        questions: Array<{ id: number; text: string; survey: { id: number; closed: boolean }; results: string | null; measures: number[] }>;
      };
    };
    const data = await getJson<Goal>(byName("goal"), "?lng=en");
    expect(data.goal.id).toBe(goalId);
    expect(data.measures.map((m) => m.id)).toEqual([made.measure]);
    const ideaIds = data.input.ideas.map((i) => i.id);
    expect(ideaIds).toContain(made.visibleIdea);
    expect(ideaIds).not.toContain(made.hiddenIdea);
    expect(ideaIds).not.toContain(made.rejectedIdea);
    expect(data.input.ideas.find((i) => i.id === made.visibleIdea)).toMatchObject({ supports: 2, status: "published", district: { id: district }, measures: [made.measure], url: `/ideas/${made.visibleIdea}` });
    expect(data.input.options).toEqual([
      { id: made.budgetOption, title: "A park", round: { id: made.budgetRound, title: "Budget of 2026", phase: "closed", url: `/rounds/${made.budgetRound}` }, ballots: 3, results: `/api/v1/rounds/${made.budgetRound}/results`, measures: [] },
    ]);
    expect(data.input.questions).toEqual([
      { id: made.question, text: "Your thoughts on parks", survey: { id: made.survey, title: "Parks survey", closed: true, url: `/surveys/${made.survey}` }, results: `/api/v1/surveys/${made.survey}/results`, measures: [made.measure] },
    ]);
  });

  it("/api/v1/measures and measures.csv: a row per measure, filtered by goal and status", async () => {
    const data = await getJson<{ measures: Array<Record<string, unknown>> }>(byName("measures"), "?lng=en");
    expect(data.measures.find((m) => m.id === made.measure)).toEqual({
      id: made.measure,
      goalId,
      goal: expect.any(String),
      title: "Bus lanes on Rustaveli avenue",
      description: "ახალი ზოლები",
      department: "Transport Department",
      status: "in_progress",
      progress: 40,
      startsOn: "2026-01-15",
      endsOn: "2026-12-31",
      updates: 1,
      lastUpdateAt: expect.stringMatching(/^\d{4}-/),
    });
    expect((await getJson<{ measures: unknown[] }>(byName("measures"), `?goal=${otherGoalId}`)).measures).toEqual([]);
    expect((await getJson<{ measures: unknown[] }>(byName("measures"), "?status=done")).measures).toEqual([]);
    expect((await getJson<{ measures: unknown[] }>(byName("measures"), `?status=in_progress&goal=${goalId}`)).measures).toHaveLength(1);

    const response = await get(byName("measures.csv"), "?lng=en");
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="khma-measures.csv"');
    const lines = await csvLines(response);
    expect(lines[0]).toBe("id,goal_id,goal,title,description,department,status,progress,starts_on,ends_on,updates,last_update_at");
    expect(lines.find((l) => l.startsWith(`${made.measure},`))).toContain(",Bus lanes on Rustaveli avenue,ახალი ზოლები,Transport Department,in_progress,40,2026-01-15,2026-12-31,1,");
  });

  it("/api/v1/ideas: published, listed ideas with the author's display name only, paged and filtered", async () => {
    type Ideas = { language: string; page: number; pageSize: number; pages: number; total: number; items: Array<Record<string, unknown> & { id: number }> };
    const data = await getJson<Ideas>(byName("ideas"), `?lng=en&district=${district}`);
    expect(data).toMatchObject({ language: "en", page: 1, pageSize: 50 });
    const ids = data.items.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining([made.visibleIdea, made.acceptedIdea, made.formulaIdea]));
    expect(ids).not.toContain(made.hiddenIdea);
    expect(ids).not.toContain(made.rejectedIdea);
    const item = data.items.find((i) => i.id === made.visibleIdea)!;
    expect(item).toEqual({
      id: made.visibleIdea,
      title: "More benches in the central park",
      description: "Old people need places to rest on the way to the market.",
      goal: { id: goalId, title: expect.any(String) },
      district: { id: district, name: expect.any(String) },
      status: "published",
      validated: false,
      supports: 2,
      comments: 1,
      createdOn: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
      author: "Nana Public-Name",
      url: `/ideas/${made.visibleIdea}`,
    });

    expect((await getJson<Ideas>(byName("ideas"), "?validated=true")).items.map((i) => i.id)).toEqual([made.acceptedIdea]);
    expect((await getJson<Ideas>(byName("ideas"), "?validated=false")).items.map((i) => i.id)).not.toContain(made.acceptedIdea);
    expect((await getJson<Ideas>(byName("ideas"), "?status=accepted")).items.map((i) => i.id)).toEqual([made.acceptedIdea]);
    expect((await getJson<Ideas>(byName("ideas"), `?goal=${otherGoalId}`)).items.map((i) => i.id)).toEqual([made.acceptedIdea]);
    // A filter naming nothing matches nothing.
    expect(await getJson<Ideas>(byName("ideas"), "?goal=999999")).toMatchObject({ total: 0, pages: 0, items: [] });
  });

  it("/api/v1/ideas pages by 50: the last page is short, and a page past the end is empty", async () => {
    const quiet = listDistricts()[7]!.id;
    const author = person({ kind: "email", value: "many.ideas@private-api.test" }, "Prolific", quiet);
    for (let i = 0; i < 52; i++) idea(author, `Idea number ${i} for paging`, "A description long enough for an idea.", "post", goalId, quiet);
    const page = (n: number) => getJson<{ page: number; pages: number; total: number; items: Array<{ id: number }> }>(byName("ideas"), `?district=${quiet}&page=${n}`);
    const [one, two, three] = [await page(1), await page(2), await page(3)];
    expect(one).toMatchObject({ page: 1, pages: 2, total: 52 });
    expect(one.items).toHaveLength(50);
    expect(two.items).toHaveLength(2);
    expect(new Set([...one.items, ...two.items].map((i) => i.id)).size).toBe(52);
    expect(three).toMatchObject({ page: 3, total: 52, items: [] });
  });

  it("/api/v1/ideas.csv: every match, fixed column names, formulas defused", async () => {
    const response = await get(byName("ideas.csv"), `?lng=en&district=${district}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="khma-ideas.csv"');
    const lines = await csvLines(response);
    expect(lines[0]).toBe("id,title,description,goal_id,goal,district_id,district,status,validated,supports,comments,created_on,author");
    const row = lines.find((l) => l.startsWith(`${made.visibleIdea},`))!;
    expect(row).toMatch(new RegExp(`^${made.visibleIdea},More benches in the central park,Old people need places to rest on the way to the market\\.,${goalId},.*,${district},.*,published,false,2,1,\\d{4}-\\d\\d-\\d\\d,Nana Public-Name$`));
    const formula = lines.find((l) => l.startsWith(`${made.formulaIdea},`))!;
    expect(formula).toContain(`'=HYPERLINK`);
    expect(lines.filter((l) => /^\d+,/.test(l)).map((l) => Number(l.split(",")[0]))).not.toContain(made.hiddenIdea);
    // page is not a parameter of the CSV: ignored.
    expect((await get(byName("ideas.csv"), "?page=abc")).status).toBe(200);
  });

  it("/api/v1/rounds: published rounds with phase and links to what is public", async () => {
    type Rounds = { rounds: Array<{ id: number; title: string; method: string; phase: string; ballots: number; links: { page: string; results: string | null; resultsCsv: string | null; ballots: string | null } }> };
    const data = await getJson<Rounds>(byName("rounds"), "?lng=en");
    const of = (id: number) => data.rounds.find((r) => r.id === id);
    expect(of(made.draftRound)).toBeUndefined();
    expect(of(made.budgetRound)).toMatchObject({
      title: "Budget of 2026",
      method: "budget",
      phase: "closed",
      ballots: 5,
      opensAt: expect.stringMatching(/Z$/),
      closesAt: expect.stringMatching(/Z$/),
      links: { page: `/rounds/${made.budgetRound}`, results: `/api/v1/rounds/${made.budgetRound}/results`, resultsCsv: `/api/v1/rounds/${made.budgetRound}/results.csv`, ballots: `/api/v1/rounds/${made.budgetRound}/ballots.pb` },
    });
    expect(of(made.smallBudgetRound)!.links.ballots).toBeNull();
    expect(of(made.afterRound)).toMatchObject({ phase: "open", links: { results: null, resultsCsv: null, ballots: null } });
  });

  it("/api/v1/rounds/:id/ballots.pb: the anonymous ballots of a closed budget round, the same file each time", async () => {
    const response = await get(byName("ballots.pb"), "?lng=en");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="khma-round-${made.budgetRound}.pb"`);
    const text = await response.text();
    expect(text).toMatch(/^META/);
    expect(text).toContain("num_votes;5");
    expect(text).toContain("Budget of 2026");
    const again = await get(byName("ballots.pb"), "?lng=en");
    expect(again.headers.get("ETag")).toBe(response.headers.get("ETag"));
    expect(await again.text()).toBe(text);
  });

  it("/api/v1/rounds/:id/ballots.pb is 404 for a round that is not a closed, published budget with 5 ballots or more", async () => {
    const pb = (id: number) => get(withId(byName("ballots.pb"), id));
    for (const id of [made.afterRound, made.draftRound, 999_999]) {
      const response = await pb(id);
      expect(response.status, String(id)).toBe(404);
      expect(await response.json()).toEqual({ error: "notFound" });
    }
    const small = await pb(made.smallBudgetRound);
    expect(small.status).toBe(404);
    expect(await small.json()).toEqual({ error: "tooFewBallots" });
    // An approval round, even closed with enough ballots, has no public ballots.
    const approval = round({ title: { ka: "ა", en: "Approval" } }, [
      { title: { ka: "ა" }, description: {} },
      { title: { ka: "ბ" }, description: {} },
    ]);
    const option = getRound(approval)!.options[0]!.id;
    for (let i = 0; i < 5; i++) castBallot({ roundId: approval, userId: voter(null), districtId: null, choices: [{ optionId: option }] });
    expect((await pb(approval)).status).toBe(404);
  });

  it("the round and survey results keep their shape, now with ETag", async () => {
    const results = await get(byName("round results"), "?lng=en");
    expect(results.status).toBe(200);
    expect(results.headers.get("ETag")).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(results.headers.get("Cache-Control")).toBe("public, max-age=300");
    expect(await results.json()).toMatchObject({ language: "en", id: made.budgetRound, method: "budget", phase: "closed", budget: { amount: 100_000, rule: "greedy" }, turnout: { total: 5 } });
    const survey = await getJson<{ language: string; id: number; responses: number; questions: Array<{ id: number; texts: string[] }> }>(byName("survey results"), "?lng=en");
    expect(survey).toMatchObject({ language: "en", id: made.survey, responses: 2 });
    expect(survey.questions.find((q) => q.id === made.question)!.texts).toEqual(["Published thought 4411 about more shade"]);
    const csv = await csvLines(await get(byName("round results.csv"), "?lng=en"));
    expect(csv[0]).toMatch(/^id,Option,/);
    expect(csv).toHaveLength(3);
  });

  it("/api/v1/stats/participation: counts by district and per 1,000 residents, never by age or gender", async () => {
    type Row = { id: number; slug: string; name: string; population: number; accounts: number; ideas: number; supports: number; ballots: number | null; surveyResponses: number | null; per1000: Record<string, number | null> };
    type Stats = { language: string; districts: Row[]; notGiven: Record<string, number | null>; total: Record<string, unknown> };
    const before = await getJson<Stats>(byName("participation"), "?lng=en");
    expect(before.districts.map((d) => d.id)).toEqual(listDistricts().map((d) => d.id));
    const was = before.districts.find((d) => d.id === district)!;

    // One more of each action in the district.
    const someone = person({ kind: "email", value: "counted@private-api.test" }, "Counted", district);
    const newIdea = idea(someone, "An idea to be counted", "Counted in the participation statistics.");
    support(newIdea, someone);
    castBallot({ roundId: made.smallBudgetRound, userId: someone, districtId: district, choices: [{ optionId: made.smallOption }] });
    submitResponse({ surveyId: made.survey, who: null, onePerPerson: false, anonymous: true, userId: null, channel: "paper", enteredBy: adminId, day: "2026-03-02", demographics: { ageBand: null, gender: null, districtId: district }, rows: [] });

    const after = await getJson<Stats>(byName("participation"), "?lng=en");
    const now = after.districts.find((d) => d.id === district)!;
    for (const key of ["accounts", "ideas", "supports"] as const) {
      expect(now[key], key).toBe(was[key] + 1);
      expect(now.per1000[key], key).toBe(Math.round((now[key] * 1000 * 100) / population) / 100);
    }
    // Ballots and survey responses are groups the results pages protect: with fewer than five in
    // the district they are hidden here too, and so is their rate.
    for (const key of ["ballots", "surveyResponses"] as const) {
      const count = now[key];
      if (count === null) expect(now.per1000[key], key).toBeNull();
      else {
        expect(count, key).toBeGreaterThanOrEqual(5);
        if (was[key] !== null) expect(count, key).toBe(was[key]! + 1);
      }
    }
    expect(now.surveyResponses, "one paper response in the district: fewer than five").toBeNull();
    expect(now).toMatchObject({ slug: expect.any(String), name: expect.any(String), population });
    expect(after.total).toMatchObject({ population: listDistricts().reduce((s, d) => s + d.population!, 0), accounts: expect.any(Number) });
    expect(Object.keys(after.notGiven).sort()).toEqual(["accounts", "ballots", "ideas", "supports", "surveyResponses"]);
    expect(after.notGiven.ideas).toBe(0);
    // No breakdown by age or gender, anywhere.
    const text = JSON.stringify(after);
    expect(text).not.toMatch(/ageBand|gender|female|"25-34"/);

    const csv = await csvLines(await get(byName("participation.csv"), "?lng=en"));
    expect(csv[0]).toBe(
      "district_id,district_slug,district,population,accounts,ideas,supports,ballots,survey_responses,accounts_per_1000,ideas_per_1000,supports_per_1000,ballots_per_1000,survey_responses_per_1000",
    );
    expect(csv).toHaveLength(1 + listDistricts().length + 1);
    expect(csv.at(-1)).toMatch(/^,not-given,,,\d+,0,\d+,\d*,\d*,,,,,$/);
    expect(csv.find((l) => l.startsWith(`${district},`))).toContain(`,${population},${now.accounts},${now.ideas},${now.supports},${now.ballots ?? ""},,`);
  });
});

// ─── Parameters ─────────────────────────────────────────────────────────────────────────

describe("parameters: bad ones are a 400 that names them, unknown ids a 404, never a 5xx", () => {
  const bad: Array<[string, string, string]> = [
    ["ideas", "?page=abc", "page"],
    ["ideas", "?page=0", "page"],
    ["ideas", "?page=-1", "page"],
    ["ideas", "?page=1.5", "page"],
    ["ideas", "?page=1e3", "page"],
    ["ideas", "?page=", "page"],
    ["ideas", "?page=10001", "page"],
    ["ideas", "?page=99999999999999999999", "page"],
    ["ideas", "?page=1&page=2", "page"],
    ["ideas", "?goal=abc", "goal"],
    ["ideas", "?goal=0", "goal"],
    ["ideas", "?goal=1%20or%201=1", "goal"],
    ["ideas", "?district=-3", "district"],
    ["ideas", "?status=rejected", "status"],
    ["ideas", "?status=submitted", "status"],
    ["ideas", "?status=merged", "status"],
    ["ideas", "?status=PUBLISHED", "status"],
    ["ideas", "?validated=maybe", "validated"],
    ["ideas.csv", "?status=hidden", "status"],
    ["ideas.csv", "?district=%00", "district"],
    ["measures", "?status=secret", "status"],
    ["measures", "?goal=x", "goal"],
    ["measures.csv", "?goal=-1", "goal"],
    ["plan", "?lng=de", "lng"],
    ["goal", "?lng=", "lng"],
    ["rounds", "?lng=en&lng=ka", "lng"],
    ["participation.csv", "?lng=xx", "lng"],
  ];
  it.each(bad)("%s%s → 400 naming %s", async (name, query, parameter) => {
    const response = await get(byName(name), query);
    expect(response.status).toBe(400);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const body = (await response.json()) as { error: string; parameter: string; message: string };
    expect(body).toMatchObject({ error: "badParameter", parameter });
    expect(body.message).toMatch(new RegExp(`^${parameter} `));
  });

  it("every endpoint gives a 400 for a bad ?lng= and ignores parameters it does not know", async () => {
    for (const e of endpoints()) {
      expect((await get(e, "?lng=klingon")).status, e.name).toBe(400);
      expect((await get(e, "?utm_source=facebook&foo=%00")).status, e.name).toBe(200);
    }
  });

  it("garbage in every parameter of every endpoint never gives a 5xx", async () => {
    const garbage = ["", "%00", "'", "-1", "1e309", "NaN", "9".repeat(400), "%E2%28%A1", "[]", "{}", "true", "0x10"];
    for (const e of endpoints()) {
      for (const parameter of ["page", "goal", "district", "status", "validated", "lng", "id"]) {
        for (const value of garbage) {
          const response = await get(e, `?${parameter}=${value}`);
          expect(response.status, `${e.path}?${parameter}=${value}`).toBeLessThan(500);
          if (response.status !== 200) expect(((await response.json()) as { error: string }).error).toBe("badParameter");
        }
      }
    }
  });

  it("an id in the path that is not a positive whole number, or names nothing, is a JSON 404", async () => {
    for (const e of endpoints().filter((x) => x.params?.id)) {
      for (const id of ["abc", "0", "-1", "1e3", "1.0", "999999", "99999999999999"]) {
        const response = await get(withId(e, id));
        expect(response.status, `${e.name} ${id}`).toBe(404);
        expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
        expect(await response.json()).toEqual({ error: "notFound" });
      }
    }
  });

  it("results that are not public yet, a draft and an open survey are 404 too", async () => {
    const results = (id: number) => get(withId(byName("round results"), id));
    expect((await results(made.afterRound)).status).toBe(404);
    expect((await results(made.draftRound)).status).toBe(404);
    const open = createSurvey({ title: { ka: "ღია" }, description: {}, opensAt: new Date(Date.now() - DAY), closesAt: new Date(Date.now() + DAY), audience: "anyone", anonymous: true, onePerPerson: true, demographics: false, publicCrosstabs: false }, adminId);
    setSurveyPublished(open, true, adminId);
    expect((await get(withId(byName("survey results"), open))).status).toBe(404);
  });

  it("anything else under /api/v1 is a JSON 404", async () => {
    const response = await call(notFoundLoader, getRequest("/api/v1/nothing/here"), { "*": "nothing/here" }, context(freshIp()));
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(await response.json()).toEqual({ error: "notFound" });
  });
});

// ─── Privacy ────────────────────────────────────────────────────────────────────────────

describe("privacy: no endpoint gives away anything private", () => {
  it("no response, in any language or form, contains an e-mail, a phone number, a hidden or rejected idea, unpublished free text or a draft", async () => {
    const queries = ["", ...LANGUAGES.map((l) => `?lng=${l}`)];
    const requests: Array<[Endpoint, string]> = endpoints().flatMap((e) => queries.map((q): [Endpoint, string] => [e, q]));
    // The filters of the idea list and the measures table, each way.
    for (const q of [`?goal=${goalId}`, `?district=${district}`, "?status=published", "?validated=true", "?validated=false", "?page=2", `?goal=${goalId}&district=${district}&lng=en`]) {
      requests.push([byName("ideas"), q], [byName("ideas.csv"), q]);
    }
    for (const q of [`?goal=${goalId}`, "?status=in_progress"]) requests.push([byName("measures"), q], [byName("measures.csv"), q]);
    for (const id of [made.smallBudgetRound, made.afterRound, made.draftRound]) {
      for (const e of [byName("round results"), byName("round results.csv"), byName("ballots.pb")]) {
        requests.push([withId(e, id), "?lng=en"]);
      }
    }
    requests.push([withId(byName("goal"), otherGoalId), "?lng=en"]);

    const emails = [...people.flatMap((p) => (p.email ? [p.email] : [])), ...Object.values(DEMO).filter((v) => v.includes("@"))];
    const phones = [...people.flatMap((p) => (p.phone ? [p.phone] : [])), ...Object.values(DEMO).filter((v) => v.startsWith("+"))];
    expect(emails.length).toBeGreaterThan(5);
    expect(phones.length).toBeGreaterThan(3);
    const forbidden = [...emails, ...phones, ...phones.map((p) => p.replace(/^\+995/, "")), ...Object.values(SECRET)];

    let checked = 0;
    for (const [e, query] of requests) {
      const response = await get(e, query);
      expect(response.status, `${e.path}${query}`).toBeLessThan(500);
      const text = await response.text();
      for (const secret of forbidden) expect(text, `${e.path}${query} contains ${secret}`).not.toContain(secret);
      // Nor the names of private fields, nor anything that looks like an e-mail address.
      expect(text, `${e.path}${query}`).not.toMatch(/"(email|phone|userId|authorId|enteredBy|passwordHash|hiddenReason|rejectReason|note)"|\b[\w.+-]+@[\w-]+\.[\w.]+\b/);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(90);
  });

  it("the positive control: the same responses do show what is public", async () => {
    const ideas = await (await get(byName("ideas.csv"), "?lng=en")).text();
    expect(ideas).toContain("More benches in the central park");
    expect(ideas).toContain("Nana Public-Name");
    expect(await (await get(byName("survey results"), "?lng=en")).text()).toContain("Published thought 4411");
  });
});

// ─── Caching ────────────────────────────────────────────────────────────────────────────

describe("caching: a strong ETag, and 304 when it matches", () => {
  it.each(endpoints().map((e) => [e.name]))("%s", async (name) => {
    const e = byName(name);
    const first = await get(e, "?lng=en");
    expect(first.status).toBe(200);
    const etag = first.headers.get("ETag")!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(first.headers.get("Cache-Control")).toMatch(/^public, max-age=\d+$/);
    expect(first.headers.get("Vary")).toBe("Accept-Language, Cookie");
    expect(first.headers.get("Content-Language") ?? "en").toBe("en");
    const body = await first.text();

    for (const header of [etag, `W/${etag}`, `"something-else", ${etag}`, "*"]) {
      const again = await get(e, "?lng=en", { "If-None-Match": header });
      expect(again.status, header).toBe(304);
      expect(await again.text()).toBe("");
      expect(again.headers.get("ETag")).toBe(etag);
      expect(again.headers.get("Access-Control-Allow-Origin")).toBe("*");
      expect(again.headers.get("Cache-Control")).toBe(first.headers.get("Cache-Control"));
      expect(again.headers.get("Content-Type")).toBeNull();
    }
    const stale = await get(e, "?lng=en", { "If-None-Match": '"not-this-one"' });
    expect(stale.status).toBe(200);
    expect(await stale.text()).toBe(body);
  });

  it("another language is another ETag", async () => {
    const en = await get(byName("plan"), "?lng=en");
    const ka = await get(byName("plan"), "?lng=ka");
    expect(en.headers.get("ETag")).not.toBe(ka.headers.get("ETag"));
    expect((await get(byName("plan"), "?lng=ka", { "If-None-Match": en.headers.get("ETag")! })).status).toBe(200);
  });
});

// ─── CORS ───────────────────────────────────────────────────────────────────────────────

describe("CORS: open for reading from any origin", () => {
  it("every endpoint sends Access-Control-Allow-Origin: * and exposes ETag", async () => {
    for (const e of endpoints()) {
      const response = await get(e, "", { Origin: "https://data.example.org" });
      expect(response.headers.get("Access-Control-Allow-Origin"), e.name).toBe("*");
      expect(response.headers.get("Access-Control-Expose-Headers"), e.name).toContain("ETag");
    }
  });

  it("answers a preflight (a script that sends If-None-Match itself) with 204", async () => {
    for (const e of endpoints()) {
      const request = new Request(`${ORIGIN}${e.path}`, { method: "OPTIONS", headers: { Origin: "https://data.example.org", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "if-none-match" } });
      const response = await call(e.loader, request, e.params ?? {}, context(freshIp()));
      expect(response.status, e.name).toBe(204);
      expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
      expect(response.headers.get("Access-Control-Allow-Methods")).toBe("GET, HEAD, OPTIONS");
      expect(response.headers.get("Access-Control-Allow-Headers")).toContain("If-None-Match");
      expect(await response.text()).toBe("");
    }
  });
});

// ─── Rate limit ─────────────────────────────────────────────────────────────────────────

describe("rate limit per client address", () => {
  it(`allows ${RATE_LIMITS.apiPerIp.limit} requests a minute from an address, then 429 with Retry-After on every endpoint`, async () => {
    const ip = "198.51.100.77";
    for (let i = 0; i < RATE_LIMITS.apiPerIp.limit; i++) expect(checkLimits([["apiPerIp", ip]]).ok).toBe(true);
    for (const e of [...endpoints(), { name: "404", loader: notFoundLoader, path: "/api/v1/nothing" }]) {
      const response = await get(e, "?lng=en", {}, ip);
      expect(response.status, e.name).toBe(429);
      const seconds = Number(response.headers.get("Retry-After"));
      expect(seconds, e.name).toBeGreaterThan(0);
      expect(seconds).toBeLessThanOrEqual(60);
      expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
      expect(response.headers.get("Cache-Control")).toBe("no-store");
      expect(await response.json()).toEqual({ error: "rateLimited", retryAfter: seconds });
    }
    // Another address is not held back.
    expect((await get(byName("plan"), "", {}, "198.51.100.78")).status).toBe(200);
  });

  it("counts real requests: the last allowed one is a 200, the next a 429", async () => {
    const ip = "198.51.100.79";
    for (let i = 0; i < RATE_LIMITS.apiPerIp.limit - 1; i++) checkLimits([["apiPerIp", ip]]);
    expect((await get(byName("index"), "", {}, ip)).status).toBe(200);
    expect((await get(byName("index"), "", {}, ip)).status).toBe(429);
  });
});
