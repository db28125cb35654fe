// Surveys as residents and the open-data API meet them: walking through the pages with the forms
// a browser sends, every refusal (and that nothing is then stored), drafts and Back, conditional
// questions, one response per person or browser, who may answer, anonymity, the optional "about
// you" page, and the published results: when they show, written answers, cross-tabulations with
// small groups hidden, and that nobody's identity is ever in them.
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { surveyAnswers, surveyDrafts, surveyResponses, surveys, users } from "#db/schema";
import { isProtected, type SuppressedTable } from "~/domain/suppression";
import { fieldName, OTHER } from "~/domain/survey-answers";
import type { Question, QuestionSettings, QuestionType } from "~/domain/surveys";
import { listDistricts } from "~/models/municipality.server";
import { addQuestion, addSection, createSurvey, getSurvey, setSurveyPublished, type SurveyColumns } from "~/models/surveys.server";
import { createUser } from "~/models/users.server";
import type { ShownQuestion } from "~/ui/survey-question";
import { getDb } from "~/utils/db.server";
import type { CrossTab, QuestionResult } from "~/utils/surveys-results.server";
import { today } from "~/utils/surveys-view.server";
import { signedInDemo, type DemoName } from "../../test/accounts";
import { call, ORIGIN, sessionCookieFor } from "../../test/requests";
import { renderHtml, renderPage } from "../../test/render";
import { loader as apiLoader } from "./api.v1.surveys.$id.results";
import { action as hubResultsAction, loader as hubResultsLoader } from "./hub.surveys.$id_.results";
import IntroPage, { loader as introLoader } from "./surveys.$id";
import { action as pageAction, loader as pageLoader } from "./surveys.$id_.$page";
import { action as aboutAction, loader as aboutLoader } from "./surveys.$id_.about";
import { loader as doneLoader } from "./surveys.$id_.done";
import ResultsPage, { loader as resultsLoader } from "./surveys.$id_.results";
import { loader as listLoader } from "./surveys._index";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let demo = {} as Record<DemoName, string>;
let demoIds = {} as Record<DemoName, number>;
let districts: number[] = [];

beforeAll(async () => {
  ({ cookies: demo, ids: demoIds } = await signedInDemo());
  districts = listDistricts().map((d) => d.id);
});

// ─── People and browsers ────────────────────────────────────────────────────────────────

/** A browser: keeps the cookies the site sets (the respondent cookie), and a session when signed in. */
class Browser {
  private jar = new Map<string, string>();
  constructor(session?: string) {
    if (session) this.keepPair(session);
  }
  private keepPair(pair: string) {
    this.jar.set(pair.slice(0, pair.indexOf("=")), pair);
  }
  keep(response: Response) {
    const set = response.headers.get("Set-Cookie");
    if (set) this.keepPair(set.split(";")[0]!);
  }
  cookie(name: string) {
    return this.jar.get(name);
  }
  get headers(): Record<string, string> {
    return this.jar.size ? { Cookie: [...this.jar.values()].join("; ") } : {};
  }
}

type Person = Browser & { id: number; email: string; name: string };
let personCount = 0;

/** A new signed-in resident (each test answers with its own accounts). */
async function resident(opts: { verified?: boolean } = {}): Promise<Person> {
  personCount += 1;
  const email = `resident${personCount}@surveys-route.test`;
  const name = `Surveyresident Person${personCount}`;
  const user = createUser({ displayName: name, identifier: { kind: "email", value: email }, passwordHash: "x" })!;
  if (opts.verified) getDb().update(users).set({ verifiedAt: new Date() }).where(eq(users.id, user.id)).run();
  return Object.assign(new Browser(await sessionCookieFor(user.id)), { id: user.id, email, name });
}

const visitor = () => new Browser();
const demoBrowser = (name: DemoName) => new Browser(demo[name]);

// ─── Surveys ────────────────────────────────────────────────────────────────────────────

type Spec = {
  type: QuestionType;
  en: string;
  required?: boolean;
  options?: string[];
  settings?: QuestionSettings;
  /** Shown only when the question `key` (on an earlier page) has one of these options (by index). */
  when?: { key: string; options: number[] };
};

type Made = {
  id: number;
  q: Record<string, Question>;
  /** The id of a question's option, by index, as the form sends it. */
  opt: (key: string, index: number) => string;
};

type When = "open" | "upcoming" | "closed";
const PERIODS: Record<When, () => { opensAt: Date; closesAt: Date }> = {
  open: () => ({ opensAt: new Date(Date.now() - DAY), closesAt: new Date(Date.now() + 7 * DAY) }),
  upcoming: () => ({ opensAt: new Date(Date.now() + DAY), closesAt: new Date(Date.now() + 7 * DAY) }),
  closed: () => ({ opensAt: new Date(Date.now() - 7 * DAY), closesAt: new Date(Date.now() - DAY) }),
};

/** A survey made as the hub makes one: pages of questions (Georgian text "<en> ka"), published unless said otherwise. */
function makeSurvey(pages: Array<Record<string, Spec>>, extra: Partial<SurveyColumns> & { when?: When; published?: boolean } = {}): Made {
  const { when = "open", published = true, ...columns } = extra;
  const admin = demoIds.admin;
  const id = createSurvey(
    {
      title: { ka: "რუსთავის გამოკითხვა", en: "Rustavi survey" },
      description: { ka: "გვითხარით", en: "Tell us" },
      audience: "residents",
      anonymous: true,
      onePerPerson: true,
      demographics: false,
      publicCrosstabs: false,
      ...PERIODS[when](),
      ...columns,
    },
    admin,
  );
  const keys = new Map<string, number>();
  pages.forEach((page, index) => {
    const sectionId = index === 0 ? getSurvey(id)!.sections[0]!.id : addSection(id, { ka: `გვერდი ${index + 1}`, en: `Page ${index + 1}` }, admin);
    for (const [key, spec] of Object.entries(page)) {
      let condition = null;
      if (spec.when) {
        const ref = getSurvey(id)!.questions.find((q) => q.id === keys.get(spec.when!.key))!;
        condition = { questionId: ref.id, optionIds: spec.when.options.map((i) => ref.options[i]!.id) };
      }
      const added = addQuestion(
        id,
        sectionId,
        {
          type: spec.type,
          text: { ka: `${spec.en} ka`, en: spec.en },
          help: {},
          required: Boolean(spec.required),
          settings: spec.settings ?? {},
          condition,
          options: (spec.options ?? []).map((o) => ({ ka: `${o} ka`, en: o })),
        },
        admin,
      );
      if (!added.ok) throw new Error(`${key}: ${added.reason}`);
      keys.set(key, added.id);
    }
  });
  if (published) setSurveyPublished(id, true, admin);
  const all = getSurvey(id)!.questions;
  const q = Object.fromEntries([...keys].map(([key, qid]) => [key, all.find((x) => x.id === qid)!]));
  return { id, q, opt: (key, index) => String(q[key]!.options[index]!.id) };
}

/** The survey most tests walk through: two pages, every question type, one conditional question. */
function citySurvey(extra: Parameters<typeof makeSurvey>[1] = {}) {
  return makeSurvey(
    [
      {
        travel: { type: "single", en: "How do you get to work?", required: true, options: ["On foot", "By bus", "By car"], settings: { other: true } },
        wants: { type: "multiple", en: "What should the city improve?", options: ["Parks", "Roads", "Schools", "Lights"], settings: { maxChoices: 2, other: false } },
        years: { type: "number", en: "Years in Rustavi", settings: { min: 0, max: 100 } },
      },
      {
        line: { type: "short", en: "Which bus line?", required: true, when: { key: "travel", options: [1] } },
        priorities: { type: "ranking", en: "Rank these", options: ["Safety", "Cleanliness", "Lighting"] },
        services: { type: "matrix", en: "Rate the services", required: true, options: ["Buses", "Pavements"], settings: { scale: "1-5", minLabel: { en: "Bad" }, maxLabel: { en: "Good" } } },
        happy: { type: "scale", en: "How happy are you here?", settings: { scale: "0-10", minLabel: {}, maxLabel: {} } },
        ideas: { type: "long", en: "Your ideas" },
        moved: { type: "date", en: "When did you move here?" },
        district: { type: "dropdown", en: "Your district", options: ["Old Rustavi", "New Rustavi"] },
      },
    ],
    extra,
  );
}

/** Moves a survey's closing time into the past, as if time had passed. */
function closeSurvey(surveyId: number) {
  getDb().update(surveys).set({ closesAt: new Date(Date.now() - 60_000) }).where(eq(surveys.id, surveyId)).run();
}

// ─── The database ───────────────────────────────────────────────────────────────────────

const responsesOf = (surveyId: number) => getDb().select().from(surveyResponses).where(eq(surveyResponses.surveyId, surveyId)).orderBy(surveyResponses.id).all();
const draftsOf = (surveyId: number) => getDb().select().from(surveyDrafts).where(eq(surveyDrafts.surveyId, surveyId)).all();

/** A response's answers as rows, in a stable order. */
function answersOf(responseId: number) {
  return getDb()
    .select({ questionId: surveyAnswers.questionId, optionId: surveyAnswers.optionId, rowId: surveyAnswers.rowId, num: surveyAnswers.num, text: surveyAnswers.text })
    .from(surveyAnswers)
    .where(eq(surveyAnswers.responseId, responseId))
    .orderBy(surveyAnswers.id)
    .all();
}

// ─── Requests ───────────────────────────────────────────────────────────────────────────

type Values = Record<string, string | string[]>;
type PageData = { title: string; step: number; steps: number; last: boolean; questions: ShownQuestion[]; values: Values; missing: boolean; preview: boolean };
type PageReply = { errors: Record<string, string>; values: Values; refused: string | null };

const params = (id: number, page?: number | string): Record<string, string> => (page === undefined ? { id: String(id) } : { id: String(id), page: String(page) });

async function open(b: Browser, surveyId: number, page: number | string, query = "?lng=en") {
  const response = await call(pageLoader, new Request(`${ORIGIN}/surveys/${surveyId}/${page}${query}`, { headers: b.headers }), params(surveyId, page));
  b.keep(response);
  return response;
}

async function pageData(b: Browser, surveyId: number, page: number): Promise<PageData> {
  const response = await open(b, surveyId, page);
  expect(response.status, response.headers.get("Location") ?? "").toBe(200);
  return (await response.json()) as PageData;
}

/**
 * The page's form as a browser sends it, from the questions the page shows: ticked boxes and
 * radios only, every text box, number, date and select (empty when not filled in), and the button.
 */
function browserForm(questions: ShownQuestion[], answers: Values, nav: "next" | "back"): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const given = (name: string) => answers[name];
  const push = (name: string, fallback: string | null) => {
    const v = given(name);
    if (v === undefined) {
      if (fallback !== null) out.push([name, fallback]);
    } else for (const item of [v].flat()) out.push([name, item]);
  };
  for (const q of questions) {
    switch (q.type) {
      case "single":
      case "multiple":
      case "scale":
        push(fieldName.answer(q.id), null);
        if (q.other) push(fieldName.other(q.id), "");
        break;
      case "ranking":
        for (const o of q.options) push(fieldName.rank(q.id, o.id), "");
        break;
      case "matrix":
        for (const o of q.options) push(fieldName.row(q.id, o.id), "");
        break;
      default:
        push(fieldName.answer(q.id), "");
    }
  }
  // Fields of questions the page does not show, to check that they are not taken.
  for (const [name, v] of Object.entries(answers)) {
    const id = Number(/^q(\d+)/.exec(name)?.[1]);
    if (!questions.some((q) => q.id === id)) for (const item of [v].flat()) out.push([name, item]);
  }
  out.push(["nav", nav]);
  return out;
}

/** Opens a page, fills it in as a browser would and presses Next (or Back). */
async function send(b: Browser, surveyId: number, page: number, answers: Values, nav: "next" | "back" = "next") {
  const { questions } = await pageData(b, surveyId, page);
  return post(b, surveyId, page, browserForm(questions, answers, nav));
}

async function post(b: Browser, surveyId: number, page: number | string, fields: Array<[string, string]>) {
  const request = new Request(`${ORIGIN}/surveys/${surveyId}/${page}`, { method: "POST", body: new URLSearchParams(fields), headers: b.headers });
  const response = await call(pageAction, request, params(surveyId, page));
  b.keep(response);
  return response;
}

async function about(b: Browser, surveyId: number, fields: Record<string, string>, nav: "next" | "back" = "next") {
  const body = new URLSearchParams({ ageBand: "", gender: "", district: "", ...fields, nav });
  const response = await call(aboutAction, new Request(`${ORIGIN}/surveys/${surveyId}/about`, { method: "POST", body, headers: b.headers }), params(surveyId));
  b.keep(response);
  return response;
}

async function intro(b: Browser | null, surveyId: number, query = "?lng=en") {
  return call(introLoader, new Request(`${ORIGIN}/surveys/${surveyId}${query}`, { headers: b?.headers ?? {} }), params(surveyId));
}

function expectRedirect(response: Response, to: string) {
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe(to);
}

/** Answers a one-page survey: opens page 1, sends it, and expects the thank-you page. */
async function answerOnePage(b: Browser, s: Made, answers: Values) {
  expectRedirect(await send(b, s.id, 1, answers), `/surveys/${s.id}/done`);
}

type Results = { total: string | null; questions: QuestionResult[] | null };
type ApiResults = { language: string; id: number; title: string; closesAt: string; responses: number; questions: Array<Omit<QuestionResult, "texts"> & { texts: string[] }> };

async function results(b: Browser | null, surveyId: number) {
  return call(resultsLoader, new Request(`${ORIGIN}/surveys/${surveyId}/results?lng=en`, { headers: b?.headers ?? {} }), params(surveyId));
}
async function api(surveyId: number) {
  return call(apiLoader, new Request(`${ORIGIN}/api/v1/surveys/${surveyId}/results?lng=en`), params(surveyId));
}
async function staffResults(surveyId: number): Promise<Results & { questions: QuestionResult[] }> {
  const response = await call(hubResultsLoader, new Request(`${ORIGIN}/hub/surveys/${surveyId}/results?lng=en`, { headers: { Cookie: demo.moderator } }), params(surveyId));
  expect(response.status).toBe(200);
  return (await response.json()) as Results & { questions: QuestionResult[] };
}

// ─── Which surveys residents see ────────────────────────────────────────────────────────

describe("/surveys and /surveys/:id: what residents can see", () => {
  it("lists published surveys only, current and closed apart; a draft is 404 to residents and a preview for staff", async () => {
    const current = makeSurvey([{ a: { type: "short", en: "A" } }], { title: { ka: "ღია", en: "An open survey on parks" } });
    const closed = makeSurvey([{ a: { type: "short", en: "A" } }], { when: "closed", title: { ka: "დახურული", en: "A closed survey on buses" } });
    const draft = makeSurvey([{ a: { type: "short", en: "A" } }], { published: false, title: { ka: "საიდუმლო მონახაზი", en: "A secret draft" } });
    const list = await call(listLoader, new Request(`${ORIGIN}/surveys?lng=en`));
    const text = await list.text();
    expect(text).not.toContain("secret draft");
    expect(text).not.toContain("საიდუმლო");
    const data = JSON.parse(text) as { current: Array<{ id: number; phase: string }>; closed: Array<{ id: number; phase: string }> };
    expect(data.current).toContainEqual(expect.objectContaining({ id: current.id, phase: "open" }));
    expect(data.closed).toContainEqual(expect.objectContaining({ id: closed.id, phase: "closed" }));
    expect(data.current.map((s) => s.id)).not.toContain(closed.id);

    for (const b of [null, demoBrowser("nino")]) {
      expect((await intro(b, draft.id)).status).toBe(404);
      expect((await results(b, draft.id)).status).toBe(404);
    }
    expect((await open(demoBrowser("nino"), draft.id, 1)).status).toBe(404);
    expect((await api(draft.id)).status).toBe(404);
    const preview = await intro(demoBrowser("moderator"), draft.id);
    expect(preview.status).toBe(200);
    expect(await preview.json()).toMatchObject({ preview: true, phase: "draft", title: "A secret draft" });
    for (const id of ["abc", "0", "-1", "999999"]) expect((await call(introLoader, new Request(`${ORIGIN}/surveys/${id}`), { id })).status, id).toBe(404);
  });

  it("the intro says how answers are kept and where to start", async () => {
    const s = citySurvey();
    const page = await renderPage(IntroPage, await (await intro(demoBrowser("nino"), s.id)).json(), `/surveys/${s.id}?lng=en`, "en");
    expect(page).toContain("Rustavi survey");
    expect(page).toContain("This survey is anonymous");
    expect(page).toContain("Start the survey");
    expect(page).toContain("Pages: 2.");
  });
});

// ─── Answering page by page ─────────────────────────────────────────────────────────────

describe("answering a survey page by page", () => {
  it("refuses each wrong answer on page 1 with 400 and the question's error, gives back what was typed, and stores nothing", async () => {
    const s = citySurvey();
    const { travel, wants, years } = s.q as Record<string, Question>;
    const me = await resident();
    const ok: Values = { [fieldName.answer(travel!.id)]: s.opt("travel", 0) };
    const cases: Array<[string, Values, Record<string, string>]> = [
      ["the required question unanswered", { [fieldName.answer(wants!.id)]: [s.opt("wants", 0)] }, { [travel!.id]: "required" }],
      ["three choices where two are allowed", { ...ok, [fieldName.answer(wants!.id)]: [s.opt("wants", 0), s.opt("wants", 1), s.opt("wants", 2)] }, { [wants!.id]: "tooManyChoices:2" }],
      ["“Other” without saying what", { [fieldName.answer(travel!.id)]: OTHER, [fieldName.other(travel!.id)]: "   " }, { [travel!.id]: "otherText" }],
      ["a number above the maximum", { ...ok, [fieldName.answer(years!.id)]: "130" }, { [years!.id]: "atMost:100" }],
      ["a number below the minimum", { ...ok, [fieldName.answer(years!.id)]: "-2" }, { [years!.id]: "atLeast:0" }],
      ["a number that is not one", { ...ok, [fieldName.answer(years!.id)]: "twelve" }, { [years!.id]: "number" }],
      ["an option of another question", { [fieldName.answer(travel!.id)]: s.opt("wants", 0) }, { [travel!.id]: "invalid" }],
      [
        "several mistakes at once",
        { [fieldName.answer(wants!.id)]: [s.opt("wants", 0), s.opt("wants", 1), s.opt("wants", 3)], [fieldName.answer(years!.id)]: "101" },
        { [travel!.id]: "required", [wants!.id]: "tooManyChoices:2", [years!.id]: "atMost:100" },
      ],
    ];
    for (const [name, answers, errors] of cases) {
      const response = await send(me, s.id, 1, answers);
      expect(response.status, name).toBe(400);
      const body = (await response.json()) as PageReply;
      expect(body.errors, name).toEqual(errors);
      // What was typed and ticked comes back, to fill the form again.
      for (const [field, value] of Object.entries(answers)) {
        if (String(value).trim()) expect(body.values[field], `${name}: ${field}`).toEqual(value);
      }
    }
    expect(responsesOf(s.id)).toEqual([]);
    expect(draftsOf(s.id)).toEqual([]);
  });

  it("refuses ranks out of order, an incomplete table of ratings and a missing required answer on page 2, keeping what was typed", async () => {
    const s = citySurvey();
    const { travel, line, priorities, services } = s.q as Record<string, Question>;
    const me = await resident();
    expectRedirect(await send(me, s.id, 1, { [fieldName.answer(travel!.id)]: s.opt("travel", 1) }), `/surveys/${s.id}/2`);
    const [safety, clean, lighting] = priorities!.options.map((o) => o.id) as [number, number, number];
    const [buses, pavements] = services!.options.map((o) => o.id) as [number, number];
    const full: Values = { [fieldName.answer(line!.id)]: "Line 12", [fieldName.row(services!.id, buses)]: "4", [fieldName.row(services!.id, pavements)]: "2" };
    const cases: Array<[string, Values, Record<string, string>]> = [
      ["ranks 1 and 3 without a 2", { ...full, [fieldName.rank(priorities!.id, safety)]: "1", [fieldName.rank(priorities!.id, lighting)]: "3" }, { [priorities!.id]: "ranksNotInOrder" }],
      ["the same rank twice", { ...full, [fieldName.rank(priorities!.id, safety)]: "1", [fieldName.rank(priorities!.id, clean)]: "1" }, { [priorities!.id]: "ranksNotInOrder" }],
      ["one row of the required table left out", { ...full, [fieldName.row(services!.id, pavements)]: "" }, { [services!.id]: "matrixIncomplete" }],
      ["the question shown by the bus answer left empty", { ...full, [fieldName.answer(line!.id)]: "" }, { [line!.id]: "required" }],
    ];
    for (const [name, answers, errors] of cases) {
      const response = await send(me, s.id, 2, answers);
      expect(response.status, name).toBe(400);
      const body = (await response.json()) as PageReply;
      expect(body.errors, name).toEqual(errors);
      for (const [field, value] of Object.entries(answers)) if (value) expect(body.values[field], `${name}: ${field}`).toEqual(value);
    }
    expect(responsesOf(s.id)).toEqual([]);
  });

  it("walks through both pages and stores exactly one response with the right answer rows; a second attempt goes to the thank-you page", async () => {
    const s = citySurvey();
    const { travel, wants, years, line, priorities, services, happy, ideas, moved, district } = s.q as Record<string, Question>;
    const me = await resident();

    const first = await pageData(me, s.id, 1);
    expect(first).toMatchObject({ step: 1, steps: 2, last: false, missing: false, preview: false });
    expect(first.questions.map((q) => q.text)).toEqual(["How do you get to work?", "What should the city improve?", "Years in Rustavi"]);
    expect(first.questions[0]).toMatchObject({ required: true, other: true, options: [{ label: "On foot" }, { label: "By bus" }, { label: "By car" }] });

    expectRedirect(
      await send(me, s.id, 1, { [fieldName.answer(travel!.id)]: s.opt("travel", 1), [fieldName.answer(wants!.id)]: [s.opt("wants", 3), s.opt("wants", 0)], [fieldName.answer(years!.id)]: " 12,5 " }),
      `/surveys/${s.id}/2`,
    );
    // Nothing counts yet: the first page is only a draft.
    expect(responsesOf(s.id)).toEqual([]);

    const second = await pageData(me, s.id, 2);
    expect(second).toMatchObject({ step: 2, steps: 2, last: true });
    expect(second.questions.map((q) => q.id)).toEqual([line!.id, priorities!.id, services!.id, happy!.id, ideas!.id, moved!.id, district!.id]);
    const [safety, clean, lighting] = priorities!.options.map((o) => o.id) as [number, number, number];
    const [buses, pavements] = services!.options.map((o) => o.id) as [number, number];
    const done = await send(me, s.id, 2, {
      [fieldName.answer(line!.id)]: "  Line 12 ",
      [fieldName.rank(priorities!.id, safety)]: "2",
      [fieldName.rank(priorities!.id, lighting)]: "1",
      [fieldName.row(services!.id, buses)]: "4",
      [fieldName.row(services!.id, pavements)]: "2",
      [fieldName.answer(happy!.id)]: "0",
      [fieldName.answer(ideas!.id)]: "More trees\r\nand benches",
      [fieldName.answer(moved!.id)]: "2015-09-01",
      [fieldName.answer(district!.id)]: s.opt("district", 1),
    });
    expectRedirect(done, `/surveys/${s.id}/done`);

    const stored = responsesOf(s.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ channel: "online", enteredBy: null });
    const o = (key: string, i: number) => Number(s.opt(key, i));
    expect(answersOf(stored[0]!.id)).toEqual([
      { questionId: travel!.id, optionId: o("travel", 1), rowId: null, num: null, text: null },
      // Choices in the question's order, whatever the order ticked.
      { questionId: wants!.id, optionId: o("wants", 0), rowId: null, num: null, text: null },
      { questionId: wants!.id, optionId: o("wants", 3), rowId: null, num: null, text: null },
      { questionId: years!.id, optionId: null, rowId: null, num: 12.5, text: null },
      { questionId: line!.id, optionId: null, rowId: null, num: null, text: "Line 12" },
      // Ranked items by rank; the unranked one is not stored.
      { questionId: priorities!.id, optionId: lighting, rowId: null, num: 1, text: null },
      { questionId: priorities!.id, optionId: safety, rowId: null, num: 2, text: null },
      { questionId: services!.id, optionId: null, rowId: buses, num: 4, text: null },
      { questionId: services!.id, optionId: null, rowId: pavements, num: 2, text: null },
      { questionId: happy!.id, optionId: null, rowId: null, num: 0, text: null },
      { questionId: ideas!.id, optionId: null, rowId: null, num: null, text: "More trees\nand benches" },
      { questionId: moved!.id, optionId: null, rowId: null, num: null, text: "2015-09-01" },
      { questionId: district!.id, optionId: o("district", 1), rowId: null, num: null, text: null },
    ]);
    // The draft is gone once the response is in.
    expect(draftsOf(s.id)).toEqual([]);
    void clean;

    const thanks = await call(doneLoader, new Request(`${ORIGIN}/surveys/${s.id}/done?lng=en`, { headers: me.headers }), params(s.id));
    expect(await thanks.json()).toMatchObject({ title: "Thank you for your answers", survey: "Rustavi survey" });

    // A second attempt: every page sends to the thank-you page, and nothing more is stored.
    expectRedirect(await open(me, s.id, 1), `/surveys/${s.id}/done`);
    expectRedirect(await post(me, s.id, 1, [[fieldName.answer(travel!.id), s.opt("travel", 0)], ["nav", "next"]]), `/surveys/${s.id}/done`);
    expectRedirect(await post(me, s.id, 2, [[fieldName.answer(line!.id), "Line 3"], ["nav", "next"]]), `/surveys/${s.id}/done`);
    expect(responsesOf(s.id)).toHaveLength(1);
    expect(draftsOf(s.id)).toEqual([]);
    const again = await intro(me, s.id);
    expect(await again.json()).toMatchObject({ answered: true });
    const text = await renderPage(IntroPage, await (await intro(me, s.id)).json(), `/surveys/${s.id}?lng=en`, "en");
    expect(text).toContain("You have already answered this survey.");
    expect(text).not.toContain("Start the survey");
  });

  it("Back keeps the answers as a draft: opening the pages again shows them, and the intro offers to continue", async () => {
    const s = citySurvey();
    const { travel, wants, years, priorities, happy } = s.q as Record<string, Question>;
    const me = await resident();
    const pageOne: Values = { [fieldName.answer(travel!.id)]: OTHER, [fieldName.other(travel!.id)]: "Bicycle", [fieldName.answer(wants!.id)]: [s.opt("wants", 1), s.opt("wants", 2)], [fieldName.answer(years!.id)]: "7" };
    expectRedirect(await send(me, s.id, 1, pageOne), `/surveys/${s.id}/2`);
    const [safety] = priorities!.options.map((o) => o.id) as [number];
    // Back from page 2 with the required table not filled in yet: kept, and no error.
    expectRedirect(await send(me, s.id, 2, { [fieldName.rank(priorities!.id, safety)]: "1", [fieldName.answer(happy!.id)]: "9" }, "back"), `/surveys/${s.id}/1`);
    expect(responsesOf(s.id)).toEqual([]);

    expect((await pageData(me, s.id, 1)).values).toEqual({
      [fieldName.answer(travel!.id)]: OTHER,
      [fieldName.other(travel!.id)]: "Bicycle",
      [fieldName.answer(wants!.id)]: [s.opt("wants", 1), s.opt("wants", 2)],
      [fieldName.answer(years!.id)]: "7",
    });
    expect((await pageData(me, s.id, 2)).values).toEqual({ [fieldName.rank(priorities!.id, safety)]: "1", [fieldName.answer(happy!.id)]: "9" });

    // What a resident sees on the page: the answers given are filled in again.
    const page = await pageData(me, s.id, 1);
    expect(page.questions.map((q) => q.id)).toEqual([travel!.id, wants!.id, years!.id]);
    // Page 2 still waits for its required table: "Continue" leads there, not back to page 1.
    const introData = (await (await intro(me, s.id)).json()) as { resume: boolean; firstPage: number; continueAt: number };
    expect(introData).toMatchObject({ resume: true, firstPage: 1, continueAt: 2 });
    const introPage = await renderHtml(IntroPage, introData, `/surveys/${s.id}?lng=en`, "en");
    expect(introPage).toMatch(new RegExp(`href="/surveys/${s.id}/2"[^>]*>Continue where you stopped<`));
    // Someone who answered all of page 1 and went no further continues on page 2 as well.
    const other = await resident();
    expectRedirect(await send(other, s.id, 1, pageOne), `/surveys/${s.id}/2`);
    expect(await (await intro(other, s.id)).json()).toMatchObject({ resume: true, continueAt: 2 });
    // Someone who has not begun starts on page 1.
    expect(await (await intro(await resident(), s.id)).json()).toMatchObject({ resume: false, continueAt: 1 });
    // Back from the first page leads to the intro.
    expectRedirect(await send(me, s.id, 1, pageOne, "back"), `/surveys/${s.id}`);

    // A draft is not a response: the results count nobody.
    const staff = await staffResults(s.id);
    expect(staff.total).toBe("0");
    expect(staff.questions.every((q) => q.answered === 0)).toBe(true);
    closeSurvey(s.id);
    expect(((await (await api(s.id)).json()) as ApiResults).responses).toBe(0);
  });

  it("shows a conditional question only when the earlier answer matches, and drops its answer once that answer changes", async () => {
    const s = citySurvey();
    const { travel, line, services } = s.q as Record<string, Question>;
    const me = await resident();
    const [buses, pavements] = services!.options.map((o) => o.id) as [number, number];
    const ratings: Values = { [fieldName.row(services!.id, buses)]: "3", [fieldName.row(services!.id, pavements)]: "3" };

    expectRedirect(await send(me, s.id, 1, { [fieldName.answer(travel!.id)]: s.opt("travel", 0) }), `/surveys/${s.id}/2`);
    expect((await pageData(me, s.id, 2)).questions.map((q) => q.id)).not.toContain(line!.id);
    // Its field, sent anyway, is not taken.
    expectRedirect(await post(me, s.id, 2, [[fieldName.answer(line!.id), "Not asked"], ...browserForm((await pageData(me, s.id, 2)).questions, ratings, "back")]), `/surveys/${s.id}/1`);

    expectRedirect(await send(me, s.id, 1, { [fieldName.answer(travel!.id)]: s.opt("travel", 1) }), `/surveys/${s.id}/2`);
    const withLine = await pageData(me, s.id, 2);
    expect(withLine.questions.map((q) => q.id)).toContain(line!.id);
    expect(withLine.questions[0]).toMatchObject({ text: "Which bus line?", required: true });
    expect(withLine.values[fieldName.answer(line!.id)]).toBeUndefined();
    expectRedirect(await send(me, s.id, 2, { ...ratings, [fieldName.answer(line!.id)]: "Line 7" }, "back"), `/surveys/${s.id}/1`);
    expect((await pageData(me, s.id, 2)).values[fieldName.answer(line!.id)]).toBe("Line 7");

    // Now on foot after all: the bus line is no longer asked, and not kept.
    expectRedirect(await send(me, s.id, 1, { [fieldName.answer(travel!.id)]: s.opt("travel", 0) }), `/surveys/${s.id}/2`);
    const without = await pageData(me, s.id, 2);
    expect(without.questions.map((q) => q.id)).not.toContain(line!.id);
    expectRedirect(await send(me, s.id, 2, ratings), `/surveys/${s.id}/done`);
    const [response] = responsesOf(s.id);
    const rows = answersOf(response!.id);
    expect(rows.map((r) => r.questionId)).not.toContain(line!.id);
    expect(rows.map((r) => r.text)).not.toContain("Line 7");
    expect(rows.map((r) => r.text)).not.toContain("Not asked");
    expect(rows.map((r) => [r.questionId, r.optionId ?? r.rowId, r.num])).toEqual([
      [travel!.id, Number(s.opt("travel", 0)), null],
      [services!.id, buses, 3],
      [services!.id, pavements, 3],
    ]);
  });

  it("skips a page whose questions are all hidden by earlier answers", async () => {
    const s = makeSurvey([
      { pet: { type: "single", en: "Do you have a dog?", required: true, options: ["Yes", "No"] } },
      { walks: { type: "number", en: "Walks a day", required: true, when: { key: "pet", options: [0] } } },
      { park: { type: "short", en: "Favourite park" } },
    ]);
    const me = await resident();
    expectRedirect(await send(me, s.id, 1, { [fieldName.answer(s.q.pet!.id)]: s.opt("pet", 1) }), `/surveys/${s.id}/3`);
    expectRedirect(await open(me, s.id, 2), `/surveys/${s.id}/3`);
    expect(await pageData(me, s.id, 3)).toMatchObject({ step: 2, steps: 2, last: true });
    expectRedirect(await send(me, s.id, 3, { [fieldName.answer(s.q.park!.id)]: "Friendship park" }, "back"), `/surveys/${s.id}/1`);
    expectRedirect(await send(me, s.id, 1, { [fieldName.answer(s.q.pet!.id)]: s.opt("pet", 0) }), `/surveys/${s.id}/2`);
    expect((await pageData(me, s.id, 2)).questions.map((q) => q.text)).toEqual(["Walks a day"]);
    // A page that does not exist leads to the intro.
    expectRedirect(await open(me, s.id, 4), `/surveys/${s.id}`);
    expectRedirect(await open(me, s.id, "x"), `/surveys/${s.id}`);
  });

  it("sends a resident who skipped a required question back to its page instead of storing an incomplete response", async () => {
    const s = makeSurvey([{ a: { type: "short", en: "Required first", required: true } }, { b: { type: "short", en: "Second" } }]);
    const me = await resident();
    // Straight to the last page, as a bookmark would.
    expectRedirect(await send(me, s.id, 2, { [fieldName.answer(s.q.b!.id)]: "Only this" }), `/surveys/${s.id}/1?missing=1`);
    expect(responsesOf(s.id)).toEqual([]);
    expect(await pageData(me, s.id, 1)).toMatchObject({ missing: false });
    const missing = await open(me, s.id, 1, "?missing=1&lng=en");
    expect(await missing.json()).toMatchObject({ missing: true });
  });
});

// ─── One response, and who may answer ───────────────────────────────────────────────────

describe("who may answer, and how often", () => {
  it("an anonymous survey stores no account, no time finer than the day, and an id that is not the next row id", async () => {
    const named = makeSurvey([{ a: { type: "short", en: "Name a street" } }], { anonymous: false });
    const anonymous = makeSurvey([{ a: { type: "short", en: "Name a street" } }]);
    const alice = await resident();
    const bob = await resident();

    await answerOnePage(alice, named, { [fieldName.answer(named.q.a!.id)]: "Megobroba" });
    const [kept] = responsesOf(named.id);
    expect(kept).toMatchObject({ userId: alice.id, day: today() });
    expect(kept!.submittedAt).toBeInstanceOf(Date);

    const maxBefore = getDb().select({ n: sql<number>`max(id)` }).from(surveyResponses).get()!.n;
    await answerOnePage(bob, anonymous, { [fieldName.answer(anonymous.q.a!.id)]: "Kostava" });
    const rows = getDb().$client.prepare("select id, user_id, submitted_at, day from survey_responses where survey_id = ?").all(anonymous.id) as Array<{ id: number; user_id: number | null; submitted_at: number | null; day: string }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ user_id: null, submitted_at: null, day: today() });
    expect(rows[0]!.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(rows[0]!.id).not.toBe(maxBefore + 1);
    // Bob has still answered once: the mark is kept apart from the answers.
    expectRedirect(await open(bob, anonymous.id, 1), `/surveys/${anonymous.id}/done`);
    const text = await renderPage(IntroPage, await (await intro(bob, anonymous.id)).json(), `/surveys/${anonymous.id}?lng=en`, "en");
    expect(text).toContain("stored without your name or account");
  });

  it("visitors without an account answer an `anyone` survey once per browser, thanks to a signed khma_respondent cookie", async () => {
    const s = makeSurvey([{ a: { type: "single", en: "Is the river clean?", required: true, options: ["Yes", "No"] } }], { audience: "anyone" });
    const first = visitor();
    const opened = await open(first, s.id, 1);
    expect(opened.status).toBe(200);
    const setCookie = opened.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/^khma_respondent=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/Path=\/surveys/);
    // The intro says so.
    expect(await renderPage(IntroPage, await (await intro(first, s.id)).json(), `/surveys/${s.id}?lng=en`, "en")).toContain("we keep a random code in a cookie");

    const cookie = first.cookie("khma_respondent");
    await answerOnePage(first, s, { [fieldName.answer(s.q.a!.id)]: s.opt("a", 1) });
    // The same cookie: no new one, and no second answer.
    expect(first.cookie("khma_respondent")).toBe(cookie);
    expectRedirect(await open(first, s.id, 1), `/surveys/${s.id}/done`);
    expectRedirect(await post(first, s.id, 1, [[fieldName.answer(s.q.a!.id), s.opt("a", 0)], ["nav", "next"]]), `/surveys/${s.id}/done`);
    expect(responsesOf(s.id)).toHaveLength(1);
    expect(await (await intro(first, s.id)).json()).toMatchObject({ answered: true, signedIn: false, refusal: null });

    // Another browser answers once too.
    const second = visitor();
    await answerOnePage(second, s, { [fieldName.answer(s.q.a!.id)]: s.opt("a", 0) });
    expect(second.cookie("khma_respondent")).not.toBe(cookie);
    expect(responsesOf(s.id)).toHaveLength(2);
    expect(responsesOf(s.id).every((r) => r.userId === null && r.submittedAt === null)).toBe(true);

    // A cookie whose value was changed without the secret is not the first browser's: a fresh one replaces it.
    const signed = decodeURIComponent(cookie!.slice(cookie!.indexOf("=") + 1));
    const tampered = `${Buffer.from(JSON.stringify("a".repeat(43))).toString("base64")}${signed.slice(signed.lastIndexOf("."))}`;
    const forged = new Browser(`khma_respondent=${encodeURIComponent(tampered)}`);
    const forgedPage = await open(forged, s.id, 1);
    expect(forgedPage.status).toBe(200);
    expect(forgedPage.headers.get("Set-Cookie")).toMatch(/^khma_respondent=/);
    expect(forged.cookie("khma_respondent")).not.toBe(`khma_respondent=${encodeURIComponent(tampered)}`);
    expect(forged.cookie("khma_respondent")).not.toBe(cookie);
  });

  it("a survey for residents sends visitors without an account to its intro, which asks them to sign in", async () => {
    const s = citySurvey();
    const guest = visitor();
    expectRedirect(await open(guest, s.id, 1), `/surveys/${s.id}`);
    expectRedirect(await post(guest, s.id, 1, [[fieldName.answer(s.q.travel!.id), s.opt("travel", 0)], ["nav", "next"]]), `/surveys/${s.id}`);
    expect(guest.cookie("khma_respondent")).toBeUndefined();
    expect(responsesOf(s.id)).toEqual([]);
    expect(draftsOf(s.id)).toEqual([]);
    const data = await (await intro(guest, s.id)).json();
    expect(data).toMatchObject({ refusal: "signIn", signedIn: false });
    const text = await renderPage(IntroPage, data, `/surveys/${s.id}?lng=en`, "en");
    expect(text).toContain("Sign in to answer");
    expect(text).not.toContain("Start the survey");
  });

  it("a survey for verified residents refuses an unverified account and takes a verified one", async () => {
    const s = makeSurvey([{ a: { type: "short", en: "Your view", required: true } }], { audience: "verified" });
    const unverified = await resident();
    expectRedirect(await open(unverified, s.id, 1), `/surveys/${s.id}`);
    expectRedirect(await post(unverified, s.id, 1, [[fieldName.answer(s.q.a!.id), "Mine"], ["nav", "next"]]), `/surveys/${s.id}`);
    expect(responsesOf(s.id)).toEqual([]);
    const data = await (await intro(unverified, s.id)).json();
    expect(data).toMatchObject({ refusal: "verifiedOnly" });
    expect(await renderPage(IntroPage, data, `/surveys/${s.id}?lng=en`, "en")).toContain("Only verified residents can answer");

    const verified = await resident({ verified: true });
    await answerOnePage(verified, s, { [fieldName.answer(s.q.a!.id)]: "Mine" });
    expect(responsesOf(s.id)).toHaveLength(1);
  });

  it("a closed, not yet open or unpublished survey takes no answers; a staff preview of a draft counts nothing", async () => {
    const page: Record<string, Spec> = { a: { type: "short", en: "Your view", required: true } };
    const closed = makeSurvey([page], { when: "closed" });
    const upcoming = makeSurvey([page], { when: "upcoming" });
    const draft = makeSurvey([page], { published: false });
    const me = await resident();
    for (const s of [closed, upcoming]) {
      expectRedirect(await open(me, s.id, 1), `/surveys/${s.id}`);
      expectRedirect(await post(me, s.id, 1, [[fieldName.answer(s.q.a!.id), "Late"], ["nav", "next"]]), `/surveys/${s.id}`);
      expect(responsesOf(s.id)).toEqual([]);
    }
    expect((await open(me, draft.id, 1)).status).toBe(404);
    expect((await post(me, draft.id, 1, [[fieldName.answer(draft.q.a!.id), "Early"], ["nav", "next"]])).status).toBe(404);

    // A survey that closes while a resident is on its last page: the answer comes too late.
    const closing = makeSurvey([page]);
    expect((await pageData(me, closing.id, 1)).questions).toHaveLength(1);
    closeSurvey(closing.id);
    expectRedirect(await post(me, closing.id, 1, [[fieldName.answer(closing.q.a!.id), "Just in time?"], ["nav", "next"]]), `/surveys/${closing.id}`);
    expect(responsesOf(closing.id)).toEqual([]);

    const staff = demoBrowser("moderator");
    const preview = await pageData(staff, draft.id, 1);
    expect(preview.preview).toBe(true);
    const refused = await send(staff, draft.id, 1, { [fieldName.answer(draft.q.a!.id)]: "Trying it out" });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as PageReply).refused).toBe("preview");
    expect(responsesOf(draft.id)).toEqual([]);
  });

  it("keeps the “about you” answers only when the consent box is ticked", async () => {
    const s = makeSurvey([{ a: { type: "single", en: "Enough parks?", required: true, options: ["Yes", "No"] } }], { demographics: true });
    const withConsent = await resident();
    const without = await resident();
    for (const [who, consent] of [
      [withConsent, true],
      [without, false],
    ] as const) {
      const last = await pageData(who, s.id, 1);
      expect(last).toMatchObject({ last: false, steps: 2 });
      expectRedirect(await send(who, s.id, 1, { [fieldName.answer(s.q.a!.id)]: s.opt("a", 0) }), `/surveys/${s.id}/about`);
      const aboutPage = await call(aboutLoader, new Request(`${ORIGIN}/surveys/${s.id}/about?lng=en`, { headers: who.headers }), params(s.id));
      expect(aboutPage.status).toBe(200);
      expect(((await aboutPage.json()) as { districts: unknown[] }).districts).toHaveLength(districts.length);
      const fields = { ageBand: "25-34", gender: "female", district: String(districts[3]), ...(consent ? { consent: "on" } : {}) };
      // Back first: the choice is kept for the page, and Back leads to the last page of questions.
      expectRedirect(await about(who, s.id, fields, "back"), `/surveys/${s.id}/1`);
      expectRedirect(await about(who, s.id, fields), `/surveys/${s.id}/done`);
    }
    const [a, b] = responsesOf(s.id);
    expect(responsesOf(s.id)).toHaveLength(2);
    const stored = [a, b].map((r) => ({ ageBand: r!.ageBand, gender: r!.gender, districtId: r!.districtId }));
    expect(stored).toContainEqual({ ageBand: "25-34", gender: "female", districtId: districts[3] });
    expect(stored).toContainEqual({ ageBand: null, gender: null, districtId: null });
    // Nothing is kept from an unknown district or age band, even with consent.
    const odd = await resident();
    expectRedirect(await send(odd, s.id, 1, { [fieldName.answer(s.q.a!.id)]: s.opt("a", 1) }), `/surveys/${s.id}/about`);
    expectRedirect(await about(odd, s.id, { consent: "on", ageBand: "12-15", gender: "robot", district: "999999" }), `/surveys/${s.id}/done`);
    expect(responsesOf(s.id).map((r) => [r.ageBand, r.gender, r.districtId])).toContainEqual([null, null, null]);
    expect(responsesOf(s.id)).toHaveLength(3);
  });
});

// ─── Results ────────────────────────────────────────────────────────────────────────────

/** The cross-tab as the suppression module's table, to check it as an attacker would. */
function asTable(tab: CrossTab): SuppressedTable {
  return { cells: tab.rows.map((r) => r.cells), rowTotals: tab.rows.map((r) => r.total), colTotals: tab.totals, total: tab.total };
}

describe("published results", () => {
  it("show nothing before the survey closes (the page says when, the API answers 404), and the counts after", async () => {
    const s = makeSurvey([{ a: { type: "single", en: "Enough parks?", required: true, options: ["Yes", "No"] } }]);
    for (const choice of [0, 0, 1]) await answerOnePage(await resident(), s, { [fieldName.answer(s.q.a!.id)]: s.opt("a", choice) });

    const before = await results(null, s.id);
    expect(before.status).toBe(200);
    const beforeData = (await before.json()) as Results;
    expect(beforeData).toMatchObject({ total: null, questions: null });
    const beforeText = await renderPage(ResultsPage, beforeData, `/surveys/${s.id}/results?lng=en`, "en");
    expect(beforeText).toContain("The results will be published when the survey closes");
    expect(beforeText).not.toContain("Enough parks?");
    expect((await api(s.id)).status).toBe(404);
    // Staff can follow the count meanwhile.
    expect((await staffResults(s.id)).total).toBe("3");

    closeSurvey(s.id);
    const after = (await (await results(null, s.id)).json()) as Results;
    expect(after.total).toBe("3");
    expect(after.questions![0]!.bars.map((b) => [b.label, b.n, b.pct])).toEqual([
      ["Yes", 2, 66.7],
      ["No", 1, 33.3],
    ]);
    const text = await renderPage(ResultsPage, after, `/surveys/${s.id}/results?lng=en`, "en");
    expect(text).toContain("Responses: 3");
    expect(text).toContain("Enough parks?");
    expect(text).not.toContain("will be published when");
    const response = await api(s.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const data = (await response.json()) as ApiResults;
    expect(data).toMatchObject({ id: s.id, language: "en", title: "Rustavi survey", responses: 3 });
    expect(data.questions[0]).toMatchObject({ text: "Enough parks?", answered: 3, bars: [{ label: "Yes", n: 2 }, { label: "No", n: 1 }] });
  });

  it("give percentages of those who answered each question, not of all respondents", async () => {
    const s = makeSurvey([
      {
        must: { type: "short", en: "Say something", required: true },
        bus: { type: "single", en: "Do you take the bus?", options: ["Yes", "No"] },
        want: { type: "multiple", en: "What do you want?", options: ["Parks", "Roads", "Schools"] },
        score: { type: "scale", en: "Score", settings: { scale: "1-5" } },
      },
    ]);
    const answers: Values[] = [
      { [fieldName.answer(s.q.bus!.id)]: s.opt("bus", 0), [fieldName.answer(s.q.want!.id)]: [s.opt("want", 0), s.opt("want", 1)], [fieldName.answer(s.q.score!.id)]: "5" },
      { [fieldName.answer(s.q.bus!.id)]: s.opt("bus", 0), [fieldName.answer(s.q.want!.id)]: [s.opt("want", 0)], [fieldName.answer(s.q.score!.id)]: "4" },
      { [fieldName.answer(s.q.bus!.id)]: s.opt("bus", 1) },
      {},
      {},
    ];
    for (const a of answers) await answerOnePage(await resident(), s, { [fieldName.answer(s.q.must!.id)]: "ok", ...a });
    closeSurvey(s.id);
    const data = (await (await api(s.id)).json()) as ApiResults;
    expect(data.responses).toBe(5);
    const q = (id: number) => data.questions.find((x) => x.id === id)!;
    expect(q(s.q.bus!.id).answered).toBe(3);
    expect(q(s.q.bus!.id).bars.map((b) => [b.label, b.n, b.pct])).toEqual([
      ["Yes", 2, 66.7],
      ["No", 1, 33.3],
    ]);
    // Several choices: each share is of the 2 who answered, so they add up to more than 100.
    expect(q(s.q.want!.id).answered).toBe(2);
    expect(q(s.q.want!.id).bars.map((b) => [b.label, b.n, b.pct])).toEqual([
      ["Parks", 2, 100],
      ["Roads", 1, 50],
      ["Schools", 0, 0],
    ]);
    expect(q(s.q.score!.id)).toMatchObject({ answered: 2, mean: 4.5 });
    expect(q(s.q.score!.id).bars.find((b) => b.label === "5")).toMatchObject({ n: 1, pct: 50 });
  });

  it("never show written answers (nor “Other” texts) publicly until staff publish them", async () => {
    const s = makeSurvey([
      {
        travel: { type: "single", en: "How do you travel?", required: true, options: ["Bus", "Car"], settings: { other: true } },
        say: { type: "long", en: "Anything else?" },
      },
    ]);
    const people = [await resident(), await resident()];
    await answerOnePage(people[0]!, s, { [fieldName.answer(s.q.travel!.id)]: OTHER, [fieldName.other(s.q.travel!.id)]: "Horse cart on Gagarin street", [fieldName.answer(s.q.say!.id)]: "My neighbour Giorgi parks on the pavement" });
    await answerOnePage(people[1]!, s, { [fieldName.answer(s.q.travel!.id)]: s.opt("travel", 0), [fieldName.answer(s.q.say!.id)]: "More buses to Tbilisi, please" });
    closeSurvey(s.id);
    const everywhere = async () => [await (await results(null, s.id)).text(), await (await results(demoBrowser("nino"), s.id)).text(), await (await api(s.id)).text()];
    for (const text of await everywhere()) {
      expect(text).not.toContain("Horse cart");
      expect(text).not.toContain("Giorgi");
      expect(text).not.toContain("Tbilisi, please");
    }
    // The count of "Other" answers is public; its words are not.
    const api1 = (await (await api(s.id)).json()) as ApiResults;
    expect(api1.questions.find((q) => q.id === s.q.travel!.id)!.bars.map((b) => [b.label, b.n])).toEqual([
      ["Bus", 1],
      ["Car", 0],
      ["Other", 1],
    ]);

    const staff = await staffResults(s.id);
    const texts = staff.questions.flatMap((q) => q.texts);
    expect(texts.map((t) => t.text).sort()).toEqual(["Horse cart on Gagarin street", "More buses to Tbilisi, please", "My neighbour Giorgi parks on the pavement"]);
    const buses = texts.find((t) => t.text.startsWith("More buses"))!;
    const publish = await call(hubResultsAction, new Request(`${ORIGIN}/hub/surveys/${s.id}/results`, { method: "POST", body: new URLSearchParams({ intent: "publish", answer: String(buses.id) }), headers: { Cookie: demo.moderator } }), params(s.id));
    expect(publish.status).toBe(200);
    for (const text of await everywhere()) {
      expect(text).toContain("More buses to Tbilisi, please");
      expect(text).not.toContain("Horse cart");
      expect(text).not.toContain("Giorgi");
    }
    const page = await renderPage(ResultsPage, await (await results(null, s.id)).json(), `/surveys/${s.id}/results?lng=en`, "en");
    expect(page).toContain("More buses to Tbilisi, please");
    expect(page).not.toContain("Giorgi");
    // A resident cannot publish one.
    const other = texts.find((t) => t.text.includes("Giorgi"))!;
    const forbidden = await call(hubResultsAction, new Request(`${ORIGIN}/hub/surveys/${s.id}/results`, { method: "POST", body: new URLSearchParams({ intent: "publish", answer: String(other.id) }), headers: people[0]!.headers }), params(s.id));
    expect(forbidden.status).toBe(403);
    expect(await (await api(s.id)).text()).not.toContain("Giorgi");
  });

  describe("cross-tabulations by district, age group and gender", () => {
    /**
     * 25 residents answer "How do you travel?": 10 in one district (6 on foot, 4 by bus), 10 in
     * another (5 and 5), 3 in a small district (2 and 1), and 2 on foot who give no district.
     */
    async function answered(publicCrosstabs: boolean) {
      const s = makeSurvey([{ travel: { type: "single", en: "How do you travel?", required: true, options: ["On foot", "By bus"] } }], { demographics: true, publicCrosstabs });
      const groups: Array<[number | null, number, number]> = [
        [districts[0]!, 6, 4],
        [districts[1]!, 5, 5],
        [districts[2]!, 2, 1],
        [null, 2, 0],
      ];
      for (const [district, foot, bus] of groups) {
        for (let i = 0; i < foot + bus; i++) {
          const me = await resident();
          expectRedirect(await send(me, s.id, 1, { [fieldName.answer(s.q.travel!.id)]: s.opt("travel", i < foot ? 0 : 1) }), `/surveys/${s.id}/about`);
          const fields: Record<string, string> = district === null ? {} : { consent: "on", district: String(district), ageBand: i % 2 ? "25-34" : "35-44", gender: i % 3 ? "female" : "male" };
          expectRedirect(await about(me, s.id, fields), `/surveys/${s.id}/done`);
        }
      }
      closeSurvey(s.id);
      // The counts as they are: options × (every district, then "not given").
      const column = (d: number | null) => [...districts, null].indexOf(d);
      const cells = [0, 1].map(() => new Array<number>(districts.length + 1).fill(0));
      for (const [district, foot, bus] of groups) {
        cells[0]![column(district)] = foot;
        cells[1]![column(district)] = bus;
      }
      return { s, cells, small: column(districts[2]!) };
    }

    it("are not public unless the survey allows it, but staff always have them", async () => {
      const { s } = await answered(false);
      const publicData = (await (await results(null, s.id)).json()) as Results;
      expect(publicData.questions!.every((q) => q.crosstabs.length === 0)).toBe(true);
      expect(((await (await api(s.id)).json()) as ApiResults).questions.every((q) => q.crosstabs.length === 0)).toBe(true);
      const page = await renderPage(ResultsPage, publicData, `/surveys/${s.id}/results?lng=en`, "en");
      expect(page).not.toContain("by district");
      const staff = await staffResults(s.id);
      expect(staff.questions[0]!.crosstabs.map((t) => t.by)).toEqual(["district", "ageBand", "gender"]);
    });

    it("hide a district of 1–4 respondents so that it cannot be worked out from the totals shown", async () => {
      const { s, cells, small } = await answered(true);
      const data = (await (await api(s.id)).json()) as ApiResults;
      expect(data.responses).toBe(25);
      const question = data.questions[0]!;
      const tab = question.crosstabs.find((t) => t.by === "district")!;
      expect(tab.columns).toHaveLength(districts.length + 1);
      expect(tab.rows.map((r) => r.label)).toEqual(["On foot", "By bus"]);
      // The small district: hidden in every row and in its total.
      expect(tab.rows.map((r) => r.cells[small])).toEqual([null, null]);
      expect(tab.totals[small]).toBeNull();
      // Every number shown is true, and nothing hidden can be worked out from what is shown, even
      // with the one-way results beside it: the bars give each option's total (the rows' totals)
      // and the number who answered (the grand total).
      expect(question.bars.map((b) => b.n)).toEqual([15, 10]);
      expect(question.answered).toBe(25);
      expect(tab.rows.map((r) => r.total)).toEqual([15, 10]);
      expect(tab.total).toBe(25);
      expect(isProtected(asTable(tab), cells, 5, { rowTotals: true, total: true })).toBe(true);
      // A district of ten is shown (another may be hidden too, so that the small one cannot be worked out).
      expect(tab.rows.map((r) => r.cells[1])).toEqual([5, 5]);
      expect(tab.totals[1]).toBe(10);
      // The same on the public page.
      const page = (await (await results(null, s.id)).json()) as Results;
      expect(page.questions![0]!.crosstabs.find((t) => t.by === "district")).toEqual(tab);
      expect(await renderPage(ResultsPage, page, `/surveys/${s.id}/results?lng=en`, "en")).toContain("hidden");
      // The age group and gender tables show no group of 1–4 either (their row totals and grand
      // total are the one-way results again).
      for (const other of question.crosstabs) {
        const shown = [...other.rows.flatMap((r) => r.cells), ...other.totals];
        expect(shown.filter((v) => v !== null && v > 0 && v < 5), other.by).toEqual([]);
      }
      // Staff see the same protected table.
      const staffTab = (await staffResults(s.id)).questions[0]!.crosstabs.find((t) => t.by === "district")!;
      expect(staffTab).toEqual(tab);
    });
  });

  it("never contain respondents' emails, names or account ids, in the API or on the page", async () => {
    const s = makeSurvey(
      [
        {
          travel: { type: "single", en: "How do you travel?", required: true, options: ["Bus", "Car"], settings: { other: true } },
          say: { type: "short", en: "Anything else?" },
        },
      ],
      { anonymous: false, publicCrosstabs: true, demographics: true },
    );
    const people = [await resident(), await resident(), await resident()];
    for (const [i, me] of people.entries()) {
      expectRedirect(await send(me, s.id, 1, { [fieldName.answer(s.q.travel!.id)]: s.opt("travel", i % 2), [fieldName.answer(s.q.say!.id)]: `Thoughts number ${i}` }), `/surveys/${s.id}/about`);
      expectRedirect(await about(me, s.id, { consent: "on", district: String(districts[0]) }), `/surveys/${s.id}/done`);
    }
    // Not anonymous: staff keep who answered, so the ids are there to leak.
    expect(responsesOf(s.id).map((r) => r.userId).sort()).toEqual(people.map((p) => p.id).sort());
    closeSurvey(s.id);
    // Publish every written answer, so that all there is to show is shown.
    for (const t of (await staffResults(s.id)).questions.flatMap((q) => q.texts)) {
      await call(hubResultsAction, new Request(`${ORIGIN}/hub/surveys/${s.id}/results`, { method: "POST", body: new URLSearchParams({ intent: "publish", answer: String(t.id) }), headers: { Cookie: demo.moderator } }), params(s.id));
    }
    const apiText = await (await api(s.id)).text();
    const pageText = await (await results(null, s.id)).text();
    expect(apiText).toContain("Thoughts number 2");
    for (const text of [apiText, pageText]) {
      for (const p of people) {
        expect(text).not.toContain(p.email);
        expect(text).not.toContain(p.name);
        expect(text).not.toContain("Surveyresident");
      }
      expect(text).not.toMatch(/"(userId|user_id|user|email|displayName|enteredBy|entered_by|submittedAt|respondent|who)"\s*:/i);
    }
  });
});
