// Surveys in the hub, as staff use them: who may enter, the new-survey form, adding questions of
// every type through the question form, conditions, order, publishing, what may still change once
// residents have answered, paper questionnaires, and publishing chosen written answers.
import { count, eq, gt } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, surveyAnswers, surveyResponses, surveys } from "#db/schema";
import { toLocalTime } from "~/domain/rounds";
import { fieldName } from "~/domain/survey-answers";
import { QUESTION_TYPES, type QuestionType } from "~/domain/surveys";
import { listDistricts, getMunicipality } from "~/models/municipality.server";
import { getSurvey } from "~/models/surveys.server";
import { createUser } from "~/models/users.server";
import { getDb } from "~/utils/db.server";
import { signedInDemo, type DemoName } from "../../test/accounts";
import { call, getRequest, ORIGIN, sessionCookieFor } from "../../test/requests";
import { loader as apiLoader } from "./api.v1.surveys.$id.results";
import { action as builderAction, loader as builderLoader } from "./hub.surveys.$id";
import { action as paperAction, loader as paperLoader } from "./hub.surveys.$id_.paper";
import { action as questionAction, loader as questionLoader } from "./hub.surveys.$id_.questions.$qid";
import { action as hubResultsAction, loader as hubResultsLoader } from "./hub.surveys.$id_.results";
import { loader as listLoader } from "./hub.surveys._index";
import { action as newAction, loader as newLoader } from "./hub.surveys.new";
import { action as pageAction } from "./surveys.$id_.$page";
import { action as aboutAction } from "./surveys.$id_.about";
import { loader as publicResultsLoader } from "./surveys.$id_.results";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Who = DemoName | null;
let cookies = {} as Record<DemoName, string>;
let ids = {} as Record<DemoName, number>;
let districts: number[] = [];

beforeAll(async () => {
  ({ ids, cookies } = await signedInDemo());
  districts = listDistricts().map((d) => d.id);
});

// ─── Requests ───────────────────────────────────────────────────────────────────────────

function headers(who: Who | string): Record<string, string> {
  if (!who) return {};
  return { Cookie: who in cookies ? cookies[who as DemoName] : who };
}

function get(who: Who | string, path: string) {
  return getRequest(path, headers(who));
}

function post(who: Who | string, path: string, fields: Array<[string, string]>) {
  return new Request(`${ORIGIN}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: headers(who) });
}

/** Form fields as the browser sends them: nested names with dots, arrays repeated, empty inputs as "". */
function entries(fields: Record<string, unknown>, prefix = ""): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(fields)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) out.push([name, String(v)]);
    else if (typeof value === "object") out.push(...entries(value as Record<string, unknown>, name));
    else out.push([name, String(value)]);
  }
  return out;
}

const local = (at: Date) => toLocalTime(at, getMunicipality().timeZone);

/** The survey settings form as the page sends it; an unticked box sends nothing. */
function settingsForm(overrides: Record<string, unknown> = {}): Array<[string, string]> {
  return entries({
    title: { ka: "ქალაქის ტრანსპორტი", en: "Getting around the city", az: "", ru: "" },
    description: { ka: "გვითხარით, როგორ მოძრაობთ", en: "", az: "", ru: "" },
    opensAt: local(new Date(Date.now() - 2 * HOUR)),
    closesAt: local(new Date(Date.now() + 5 * DAY)),
    audience: "residents",
    anonymous: "on",
    onePerPerson: "on",
    ...overrides,
  });
}

/**
 * The question form with every input the page has (a type's unused inputs are only hidden by CSS,
 * so the browser sends them empty). `options` and `optionsEn` are the Georgian and English lines.
 */
function questionForm(type: QuestionType, overrides: Record<string, unknown> = {}): Array<[string, string]> {
  const { options = [], optionsEn = [], ...rest } = overrides as { options?: string[]; optionsEn?: string[] } & Record<string, unknown>;
  return entries({
    type,
    text: { ka: `კითხვა: ${type}`, en: `Question: ${type}`, az: "", ru: "" },
    help: { ka: "", en: "", az: "", ru: "" },
    options: { ka: options.join("\r\n"), en: optionsEn.join("\r\n"), az: "", ru: "" },
    maxChoices: "",
    scale: "1-5",
    minLabel: { ka: "", en: "", az: "", ru: "" },
    maxLabel: { ka: "", en: "", az: "", ru: "" },
    min: "",
    max: "",
    conditionQuestion: "",
    ...rest,
  });
}

type SettingsReply = { status?: string; error?: Record<string, string[] | null> };
type BuilderReply = { done: string | null; refused: string | null; settings: SettingsReply | null };
type QuestionReply = { result: SettingsReply; refused: string | null };

async function createViaForm(overrides: Record<string, unknown> = {}, who: DemoName = "admin"): Promise<number> {
  const response = await call(newAction, post(who, "/hub/surveys/new", settingsForm(overrides)));
  expect(response.status).toBe(302);
  const id = Number(/^\/hub\/surveys\/(\d+)\?created=1$/.exec(response.headers.get("Location") ?? "")?.[1]);
  expect(id).toBeGreaterThan(0);
  return id;
}

function addQuestion(surveyId: number, sectionId: number, fields: Array<[string, string]>, who: Who = "admin") {
  return call(questionAction, post(who, `/hub/surveys/${surveyId}/questions/new?section=${sectionId}`, fields), { id: String(surveyId), qid: "new" });
}

function editQuestion(surveyId: number, questionId: number, fields: Array<[string, string]>, who: Who = "admin") {
  return call(questionAction, post(who, `/hub/surveys/${surveyId}/questions/${questionId}`, fields), { id: String(surveyId), qid: String(questionId) });
}

/** Adds a question through the form and returns its id (the newest question of the survey). */
async function added(surveyId: number, sectionId: number, fields: Array<[string, string]>): Promise<number> {
  const response = await addQuestion(surveyId, sectionId, fields);
  expect(response.status, JSON.stringify(response.status === 302 ? null : await response.clone().json())).toBe(302);
  expect(response.headers.get("Location")).toBe(`/hub/surveys/${surveyId}?saved=1`);
  return Math.max(...getSurvey(surveyId)!.questions.map((q) => q.id));
}

function act(who: Who, surveyId: number, fields: Array<[string, string]>) {
  return call(builderAction, post(who, `/hub/surveys/${surveyId}`, fields), { id: String(surveyId) });
}

async function intent(surveyId: number, name: string, extra: Array<[string, string]> = []): Promise<{ status: number; body: BuilderReply }> {
  const response = await act("admin", surveyId, [["intent", name], ...extra]);
  return { status: response.status, body: (await response.json()) as BuilderReply };
}

const sectionsOf = (surveyId: number) => getSurvey(surveyId)!.sections;
const questionOrder = (surveyId: number) => sectionsOf(surveyId).map((s) => s.questions.map((q) => q.id));

// ─── The database ───────────────────────────────────────────────────────────────────────

const surveyCount = () => getDb().select({ n: count() }).from(surveys).get()?.n ?? 0;
const lastAuditId = () => getDb().select({ id: auditLog.id }).from(auditLog).orderBy(auditLog.id).all().at(-1)?.id ?? 0;
const auditSince = (since: number) => getDb().select().from(auditLog).where(gt(auditLog.id, since)).orderBy(auditLog.id).all();
const responsesOf = (surveyId: number) => getDb().select().from(surveyResponses).where(eq(surveyResponses.surveyId, surveyId)).orderBy(surveyResponses.id).all();
const answersOf = (responseId: number) => getDb().select().from(surveyAnswers).where(eq(surveyAnswers.responseId, responseId)).orderBy(surveyAnswers.id).all();

/** Moves a survey's closing time into the past, as if time had passed. */
function closeSurvey(surveyId: number) {
  getDb().update(surveys).set({ closesAt: new Date(Date.now() - 60_000) }).where(eq(surveys.id, surveyId)).run();
}

let residentCount = 0;
async function resident(districtId: number | null = null) {
  residentCount += 1;
  const email = `hub-resident${residentCount}@surveys-hub.test`;
  const name = `Hubresident Person${residentCount}`;
  const user = createUser({ displayName: name, identifier: { kind: "email", value: email }, passwordHash: "x" })!;
  return { id: user.id, email, name, districtId, cookie: await sessionCookieFor(user.id) };
}

/** A new resident answers a one-page survey through the page form and is sent to the thank-you page. */
async function answerOnline(surveyId: number, fields: Array<[string, string]>, person?: { cookie: string }) {
  const who = person ?? (await resident());
  let response = await call(pageAction, post(who.cookie, `/surveys/${surveyId}/1`, [...fields, ["nav", "next"]]), { id: String(surveyId), page: "1" });
  expect(response.status, await response.clone().text()).toBe(302);
  // With the optional "about you" page, skipped here.
  if (response.headers.get("Location") === `/surveys/${surveyId}/about`) {
    response = await call(aboutAction, post(who.cookie, `/surveys/${surveyId}/about`, [["ageBand", ""], ["gender", ""], ["district", ""], ["nav", "next"]]), { id: String(surveyId) });
  }
  expect(response.headers.get("Location")).toBe(`/surveys/${surveyId}/done`);
}

/** An open, published survey with one page holding a single-choice question (three options) and a long-text question. */
async function openSurvey(overrides: Record<string, unknown> = {}) {
  const id = await createViaForm(overrides);
  const section = sectionsOf(id)[0]!.id;
  const choice = await added(id, section, questionForm("single", { required: "on", options: ["ფეხით", "ავტობუსით", "მანქანით"], optionsEn: ["On foot", "By bus", "By car"] }));
  const text = await added(id, section, questionForm("long", { text: { ka: "რა შევცვალოთ?", en: "What should change?" } }));
  expect((await intent(id, "publish")).body.done).toBe("published");
  return { id, section, choice, text, options: getSurvey(id)!.questions[0]!.options.map((o) => o.id) };
}

// ─── Who may enter ──────────────────────────────────────────────────────────────────────

describe("the hub's survey pages are for staff only", () => {
  it("/hub/surveys: anonymous visitors are sent to sign in, residents get 403, staff see drafts with their response counts", async () => {
    const id = await createViaForm({ title: { ka: "მონახაზი", en: "A staff-only draft" } });
    const anonymous = await call(listLoader, get(null, "/hub/surveys"));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe("/login?redirectTo=%2Fhub%2Fsurveys");
    for (const who of ["nino", "irina", "elvin"] as const) expect((await call(listLoader, get(who, "/hub/surveys"))).status, who).toBe(403);
    for (const who of ["moderator", "admin"] as const) {
      const response = await call(listLoader, get(who, "/hub/surveys?lng=en"));
      expect(response.status).toBe(200);
      const data = (await response.json()) as { surveys: Array<{ id: number; title: string; phase: string; responses: string }> };
      expect(data.surveys).toContainEqual(expect.objectContaining({ id, title: "A staff-only draft", phase: "draft", responses: "0" }));
    }
  });

  it("residents and anonymous visitors cannot create, build, publish, enter paper questionnaires or see staff results, and nothing changes", async () => {
    const survey = await openSurvey();
    const draft = await createViaForm();
    const draftSection = sectionsOf(draft)[0]!.id;
    const before = { surveys: surveyCount(), audit: lastAuditId(), open: getSurvey(survey.id), draft: getSurvey(draft), responses: responsesOf(survey.id) };
    const sid = String(survey.id);
    for (const who of ["nino", "elvin"] as const) {
      const attempts: Array<[string, Promise<Response>]> = [
        ["new page", call(newLoader, get(who, "/hub/surveys/new"))],
        ["new", call(newAction, post(who, "/hub/surveys/new", settingsForm()))],
        ["builder", call(builderLoader, get(who, `/hub/surveys/${sid}`), { id: sid })],
        ["publish", act(who, draft, [["intent", "publish"]])],
        ["unpublish", act(who, survey.id, [["intent", "unpublish"]])],
        ["settings", act(who, survey.id, [["intent", "settings"], ...settingsForm({ title: { ka: "შეცვლილი" } })])],
        ["delete", act(who, survey.id, [["intent", "delete"], ["target", String(survey.text)]])],
        ["addSection", act(who, survey.id, [["intent", "addSection"], ["title.ka", "ახალი"]])],
        ["question page", call(questionLoader, get(who, `/hub/surveys/${sid}/questions/${survey.choice}`), { id: sid, qid: String(survey.choice) })],
        ["add question", addQuestion(draft, draftSection, questionForm("short"), who)],
        ["edit question", editQuestion(survey.id, survey.choice, questionForm("single", { options: ["ა", "ბ"] }), who)],
        ["paper page", call(paperLoader, get(who, `/hub/surveys/${sid}/paper`), { id: sid })],
        ["paper", call(paperAction, post(who, `/hub/surveys/${sid}/paper`, [[fieldName.answer(survey.choice), String(survey.options[0])]]), { id: sid })],
        ["results", call(hubResultsLoader, get(who, `/hub/surveys/${sid}/results`), { id: sid })],
        ["publish text", call(hubResultsAction, post(who, `/hub/surveys/${sid}/results`, [["intent", "publish"], ["answer", "1"]]), { id: sid })],
      ];
      for (const [name, attempt] of attempts) expect((await attempt).status, `${who} ${name}`).toBe(403);
    }
    for (const attempt of [
      act(null, survey.id, [["intent", "unpublish"]]),
      call(newAction, post(null, "/hub/surveys/new", settingsForm())),
      addQuestion(draft, draftSection, questionForm("short"), null),
      call(paperAction, post(null, `/hub/surveys/${sid}/paper`, [[fieldName.answer(survey.choice), String(survey.options[0])]]), { id: sid }),
    ]) {
      const response = await attempt;
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    }
    expect({ surveys: surveyCount(), audit: lastAuditId(), open: getSurvey(survey.id), draft: getSurvey(draft), responses: responsesOf(survey.id) }).toEqual(before);
  });
});

// ─── A new survey ───────────────────────────────────────────────────────────────────────

describe("the new-survey form", () => {
  it("offers a draft opening tomorrow at 09:00, for residents, anonymous, one response each", async () => {
    const response = await call(newLoader, get("moderator", "/hub/surveys/new?lng=en"));
    expect(response.status).toBe(200);
    const data = (await response.json()) as { defaults: Record<string, unknown> };
    expect(data.defaults).toMatchObject({ opensAt: `${local(new Date(Date.now() + DAY)).slice(0, 10)}T09:00`, audience: "residents", anonymous: "on", onePerPerson: "on" });
  });

  const cases: Array<[string, Record<string, unknown>, string, string]> = [
    ["no Georgian title", { title: { ka: "", en: "Only English" } }, "title.ka", "required"],
    ["closing before opening", { opensAt: local(new Date(Date.now() + 10 * DAY)), closesAt: local(new Date(Date.now() + 9 * DAY)) }, "closesAt", "closesBeforeOpens"],
    ["closing when it opens", { opensAt: "2031-03-01T09:00", closesAt: "2031-03-01T09:00" }, "closesAt", "closesBeforeOpens"],
    ["an unknown audience", { audience: "everybody" }, "audience", "choose"],
    ["a date that is not a time", { opensAt: "next monday" }, "opensAt", "dateTime"],
  ];
  it.each(cases)("refuses %s with 400 and the field's code, storing nothing", async (_name, overrides, field, code) => {
    const before = { surveys: surveyCount(), audit: lastAuditId() };
    const response = await call(newAction, post("admin", "/hub/surveys/new", settingsForm(overrides)));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { result: SettingsReply };
    expect(body.result.status).toBe("error");
    expect(body.result.error?.[field], JSON.stringify(body.result.error)).toContain(code);
    expect({ surveys: surveyCount(), audit: lastAuditId() }).toEqual(before);
  });

  it("stores a valid survey as an unpublished draft with one empty page, times read in Tbilisi time, and audits it", async () => {
    const before = lastAuditId();
    const id = await createViaForm({ opensAt: "2031-05-01T09:00", closesAt: "2031-05-15T20:00", anonymous: undefined, demographics: "on", publicCrosstabs: "on" }, "moderator");
    const survey = getSurvey(id)!;
    expect(survey).toMatchObject({
      published: false,
      title: { ka: "ქალაქის ტრანსპორტი", en: "Getting around the city" },
      description: { ka: "გვითხარით, როგორ მოძრაობთ" },
      audience: "residents",
      anonymous: false,
      onePerPerson: true,
      demographics: true,
      publicCrosstabs: true,
      questions: [],
    });
    expect(survey.sections).toHaveLength(1);
    // Tbilisi is UTC+4 all year.
    expect(survey.opensAt.toISOString()).toBe("2031-05-01T05:00:00.000Z");
    expect(survey.closesAt.toISOString()).toBe("2031-05-15T16:00:00.000Z");
    expect(auditSince(before).map((a) => [a.action, a.targetId, a.actorId])).toEqual([["survey.created", String(id), ids.moderator]]);
    const page = await call(builderLoader, get("moderator", `/hub/surveys/${id}?lng=en`), { id: String(id) });
    expect(page.status).toBe(200);
    expect(await page.json()).toMatchObject({ phase: "draft", responses: "0", title: "Survey: Getting around the city" });
  });

  it("makes a survey open to anyone anonymous, even with the box unticked: without an account there is nobody to name", async () => {
    const id = await createViaForm({ audience: "anyone", anonymous: undefined });
    expect(getSurvey(id)).toMatchObject({ audience: "anyone", anonymous: true });
  });
});

// ─── Questions ──────────────────────────────────────────────────────────────────────────

describe("adding questions through the question form", () => {
  it("adds a question of every type, with its options in Georgian and English and the settings its type keeps", async () => {
    const id = await createViaForm();
    const section = sectionsOf(id)[0]!.id;
    const forms: Record<QuestionType, Array<[string, string]>> = {
      single: questionForm("single", { required: "on", other: "on", options: ["ფეხით", "ავტობუსით", "", "მანქანით"], optionsEn: ["On foot", "By bus", "", "By car"] }),
      multiple: questionForm("multiple", { maxChoices: "2", options: ["პარკები", "გზები", "სკოლები"], optionsEn: ["Parks", "Roads", "Schools"] }),
      dropdown: questionForm("dropdown", { options: ["ძველი რუსთავი", "ახალი რუსთავი"], optionsEn: ["Old Rustavi", "New Rustavi"] }),
      scale: questionForm("scale", { scale: "0-10", minLabel: { ka: "სულაც არა", en: "Not at all" }, maxLabel: { ka: "ძალიან", en: "Very" }, options: ["ignored"] }),
      short: questionForm("short", { help: { ka: "მოკლედ", en: "Briefly" } }),
      long: questionForm("long"),
      number: questionForm("number", { min: "0", max: "120" }),
      date: questionForm("date"),
      ranking: questionForm("ranking", { options: ["უსაფრთხოება", "სისუფთავე", "განათება"], optionsEn: ["Safety", "Cleanliness", "Lighting"] }),
      matrix: questionForm("matrix", { options: ["ავტობუსები", "ტროტუარები"], optionsEn: ["Buses", "Pavements"], minLabel: { ka: "ცუდი", en: "Bad" }, maxLabel: { ka: "კარგი", en: "Good" } }),
    };
    const made: Record<string, number> = {};
    for (const type of QUESTION_TYPES) made[type] = await added(id, section, forms[type]);
    const questions = getSurvey(id)!.questions;
    expect(questions.map((q) => q.type)).toEqual([...QUESTION_TYPES]);
    const byType = (type: QuestionType) => questions.find((q) => q.type === type)!;
    const labels = (type: QuestionType) => byType(type).options.map((o) => o.label);

    expect(byType("single")).toMatchObject({ required: true, text: { ka: "კითხვა: single", en: "Question: single" }, settings: { other: true }, condition: null });
    // An empty line is no option; the English line of the same number goes with the Georgian one.
    expect(labels("single")).toEqual([{ ka: "ფეხით", en: "On foot" }, { ka: "ავტობუსით", en: "By bus" }, { ka: "მანქანით", en: "By car" }]);
    expect(byType("multiple")).toMatchObject({ required: false, settings: { maxChoices: 2, other: false } });
    expect(labels("multiple")).toEqual([{ ka: "პარკები", en: "Parks" }, { ka: "გზები", en: "Roads" }, { ka: "სკოლები", en: "Schools" }]);
    expect(labels("dropdown")).toEqual([{ ka: "ძველი რუსთავი", en: "Old Rustavi" }, { ka: "ახალი რუსთავი", en: "New Rustavi" }]);
    expect(byType("scale").settings).toEqual({ scale: "0-10", minLabel: { ka: "სულაც არა", en: "Not at all" }, maxLabel: { ka: "ძალიან", en: "Very" } });
    // A scale has no options, whatever its hidden box held.
    expect(byType("scale").options).toEqual([]);
    expect(byType("short").help).toEqual({ ka: "მოკლედ", en: "Briefly" });
    expect(byType("number").settings).toEqual({ min: 0, max: 120 });
    expect(byType("date").settings).toEqual({});
    expect(labels("ranking")).toEqual([{ ka: "უსაფრთხოება", en: "Safety" }, { ka: "სისუფთავე", en: "Cleanliness" }, { ka: "განათება", en: "Lighting" }]);
    expect(labels("matrix")).toEqual([{ ka: "ავტობუსები", en: "Buses" }, { ka: "ტროტუარები", en: "Pavements" }]);
    expect(byType("matrix").settings).toMatchObject({ scale: "1-5", minLabel: { en: "Bad" }, maxLabel: { en: "Good" } });

    // The builder lists them in order, in the staff member's language.
    const page = (await (await call(builderLoader, get("admin", `/hub/surveys/${id}?lng=en`), { id: String(id) })).json()) as { sections: Array<{ questions: Array<{ id: number; text: string; type: string; required: boolean }> }> };
    expect(page.sections[0]!.questions.map((q) => [q.text, q.required])).toEqual(QUESTION_TYPES.map((t) => [`Question: ${t}`, t === "single"]));

    // Opening a question's form shows what was saved, one option per line.
    const form = await call(questionLoader, get("admin", `/hub/surveys/${id}/questions/${made.single}`), { id: String(id), qid: String(made.single) });
    expect(((await form.json()) as { defaults: Record<string, unknown> }).defaults).toMatchObject({ type: "single", required: "on", other: "on", options: { ka: "ფეხით\nავტობუსით\nმანქანით", en: "On foot\nBy bus\nBy car" } });
  });

  const invalid: Array<[string, Array<[string, string]>, string, string]> = [
    ["a single-choice question with one option", questionForm("single", { options: ["მხოლოდ ერთი"], optionsEn: ["Only one"] }), "options.ka", "optionsRequired"],
    ["a ranking with no items", questionForm("ranking"), "options.ka", "optionsRequired"],
    ["a matrix without rows", questionForm("matrix"), "options.ka", "rowsRequired"],
    ["a number question whose maximum is below its minimum", questionForm("number", { min: "10", max: "5" }), "max", "maxBelowMin"],
    ["a question without Georgian text", questionForm("short", { text: { ka: "", en: "Only English" } }), "text.ka", "required"],
    ["an unknown type", questionForm("essay" as QuestionType), "type", "choose"],
    ["a maximum of choices that is not a number", questionForm("multiple", { options: ["ა", "ბ"], maxChoices: "two" }), "maxChoices", "wholeNumber"],
  ];
  it.each(invalid)("refuses %s with 400 and the field's error, storing nothing", async (_name, fields, field, code) => {
    const id = await createViaForm();
    const section = sectionsOf(id)[0]!.id;
    const before = { survey: getSurvey(id), audit: lastAuditId() };
    const response = await addQuestion(id, section, fields);
    expect(response.status).toBe(400);
    const body = (await response.json()) as QuestionReply;
    expect(body.result.error?.[field], JSON.stringify(body.result.error)).toContain(code);
    expect({ survey: getSurvey(id), audit: lastAuditId() }).toEqual(before);
  });

  it("refuses a condition on a question of the same page (409 badCondition), accepts one on an earlier page, and offers only earlier pages' choice questions", async () => {
    const id = await createViaForm();
    const first = sectionsOf(id)[0]!.id;
    const bus = await added(id, first, questionForm("single", { options: ["ავტობუსით", "ფეხით"], optionsEn: ["By bus", "On foot"] }));
    await added(id, first, questionForm("short"));
    const [busYes] = getSurvey(id)!.questions[0]!.options.map((o) => o.id);
    const condition: Array<[string, string]> = [["conditionQuestion", String(bus)], ["conditionOptions", String(busYes)]];

    const before = getSurvey(id);
    const samePage = await addQuestion(id, first, [...questionForm("short").filter(([k]) => k !== "conditionQuestion"), ...condition]);
    expect(samePage.status).toBe(409);
    expect(((await samePage.json()) as QuestionReply).refused).toBe("badCondition");
    expect(getSurvey(id)).toEqual(before);

    // A condition needs the answers that show the question.
    const noValues = await addQuestion(id, first, [...questionForm("short").filter(([k]) => k !== "conditionQuestion"), ["conditionQuestion", String(bus)]]);
    expect(noValues.status).toBe(400);
    expect(((await noValues.json()) as QuestionReply).result.error?.conditionOptions).toContain("chooseConditionValues");

    expect((await intent(id, "addSection", [["title.ka", "მეორე გვერდი"], ["title.en", "Second page"]])).body.done).toBe("sectionAdded");
    const second = sectionsOf(id)[1]!.id;
    expect(sectionsOf(id)[1]!.title).toEqual({ ka: "მეორე გვერდი", en: "Second page" });
    const offered = await call(questionLoader, get("admin", `/hub/surveys/${id}/questions/new?section=${second}&lng=en`), { id: String(id), qid: "new" });
    expect(((await offered.json()) as { conditions: Array<{ id: number }> }).conditions.map((c) => c.id)).toEqual([bus]);
    const onFirst = await call(questionLoader, get("admin", `/hub/surveys/${id}/questions/new?section=${first}`), { id: String(id), qid: "new" });
    expect(((await onFirst.json()) as { conditions: unknown[] }).conditions).toEqual([]);

    const line = await added(id, second, [...questionForm("short", { text: { ka: "რომელი ხაზით?", en: "Which line?" } }).filter(([k]) => k !== "conditionQuestion"), ...condition]);
    expect(getSurvey(id)!.questions.find((q) => q.id === line)).toMatchObject({ sectionId: second, condition: { questionId: bus, optionIds: [busYes] } });

    // An option of another question is not a condition.
    const otherOptions = await addQuestion(id, second, [...questionForm("short").filter(([k]) => k !== "conditionQuestion"), ["conditionQuestion", String(bus)], ["conditionOptions", "999999"]]);
    expect(otherOptions.status).toBe(409);
    // The question a condition refers to cannot be deleted while it does.
    const del = await intent(id, "delete", [["target", String(bus)]]);
    expect(del).toEqual({ status: 409, body: { done: null, refused: "badCondition", settings: null } });
  });
});

// ─── Pages, order, publishing ───────────────────────────────────────────────────────────

describe("building a survey: pages, order, copies, deletion, publishing", () => {
  it("moves questions up and down (also across pages), copies one right after itself, deletes one, and keeps a page until it is empty", async () => {
    const id = await createViaForm();
    const first = sectionsOf(id)[0]!.id;
    const a = await added(id, first, questionForm("short", { text: { ka: "ა", en: "A" } }));
    const b = await added(id, first, questionForm("single", { text: { ka: "ბ", en: "B" }, options: ["1", "2"] }));
    const c = await added(id, first, questionForm("long", { text: { ka: "გ", en: "C" } }));
    expect(questionOrder(id)).toEqual([[a, b, c]]);

    expect((await intent(id, "down", [["target", String(a)]])).body.done).toBe("saved");
    expect(questionOrder(id)).toEqual([[b, a, c]]);
    expect((await intent(id, "up", [["target", String(c)]])).body.done).toBe("saved");
    expect(questionOrder(id)).toEqual([[b, c, a]]);
    const top = await intent(id, "up", [["target", String(b)]]);
    expect(top).toEqual({ status: 409, body: { done: null, refused: "cannotMove", settings: null } });

    const before = lastAuditId();
    expect((await intent(id, "duplicate", [["target", String(b)]])).body.done).toBe("duplicated");
    const copy = Math.max(...getSurvey(id)!.questions.map((q) => q.id));
    expect(questionOrder(id)).toEqual([[b, copy, c, a]]);
    const [original, duplicate] = getSurvey(id)!.questions;
    expect(duplicate).toMatchObject({ type: "single", text: original!.text, options: original!.options.map((o) => expect.objectContaining({ label: o.label })) });
    // The copy has options of its own: answers to one never count for the other.
    expect(duplicate!.options.map((o) => o.id)).not.toEqual(original!.options.map((o) => o.id));
    expect(auditSince(before).map((x) => x.action)).toEqual(["survey.questionDuplicated"]);

    // A second page; the last question moves down onto it, and back up.
    expect((await intent(id, "addSection", [["title.ka", "მეორე"]])).body.done).toBe("sectionAdded");
    const second = sectionsOf(id)[1]!.id;
    expect((await intent(id, "down", [["target", String(a)]])).body.done).toBe("saved");
    expect(questionOrder(id)).toEqual([[b, copy, c], [a]]);
    // A page with questions cannot be deleted; an empty one can, but never the last page.
    expect(await intent(id, "deleteSection", [["target", String(second)]])).toEqual({ status: 409, body: { done: null, refused: "sectionNotEmpty", settings: null } });
    expect((await intent(id, "up", [["target", String(a)]])).body.done).toBe("saved");
    expect(questionOrder(id)).toEqual([[b, copy, c, a], []]);
    expect((await intent(id, "renameSection", [["target", String(second)], ["title.ka", "ბოლო"], ["title.en", "Last"]])).body.done).toBe("saved");
    expect(sectionsOf(id)[1]!.title).toEqual({ ka: "ბოლო", en: "Last" });
    expect((await intent(id, "deleteSection", [["target", String(second)]])).body.done).toBe("sectionDeleted");
    expect(sectionsOf(id)).toHaveLength(1);
    expect((await intent(id, "deleteSection", [["target", String(first)]])).status).toBe(409);

    expect((await intent(id, "delete", [["target", String(copy)]])).body.done).toBe("deleted");
    expect(questionOrder(id)).toEqual([[b, c, a]]);
    // A question of another survey is not this survey's to move, copy or delete.
    const other = await createViaForm();
    const foreign = await added(other, sectionsOf(other)[0]!.id, questionForm("short"));
    for (const name of ["up", "down", "duplicate", "delete"]) expect([404, 409], name).toContain((await intent(id, name, [["target", String(foreign)]])).status);
    expect(getSurvey(other)!.questions.map((q) => q.id)).toEqual([foreign]);
    expect(questionOrder(id)).toEqual([[b, c, a]]);
    // An action without a known intent, or without a target, is a bad request.
    expect((await act("admin", id, [["intent", "explode"]])).status).toBe(400);
    expect((await act("admin", id, [["intent", "delete"]])).status).toBe(400);
  });

  it("publishes only a survey with a question; unpublishing hides it again; settings can be changed, with errors refused", async () => {
    const id = await createViaForm();
    const empty = await intent(id, "publish");
    expect(empty).toEqual({ status: 409, body: { done: null, refused: "noQuestions", settings: null } });
    expect(getSurvey(id)!.published).toBe(false);

    await added(id, sectionsOf(id)[0]!.id, questionForm("short"));
    const before = lastAuditId();
    expect((await intent(id, "publish")).body.done).toBe("published");
    expect(getSurvey(id)!.published).toBe(true);
    expect((await call(builderLoader, get("admin", `/hub/surveys/${id}`), { id: String(id) }).then((r) => r.json())) as { phase: string }).toMatchObject({ phase: "open" });
    expect((await intent(id, "unpublish")).body.done).toBe("unpublished");
    expect(getSurvey(id)!.published).toBe(false);
    expect(auditSince(before).map((a) => [a.action, a.actorId])).toEqual([
      ["survey.published", ids.admin],
      ["survey.unpublished", ids.admin],
    ]);

    const bad = await act("admin", id, [["intent", "settings"], ...settingsForm({ title: { ka: "" } })]);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as BuilderReply).settings?.error?.["title.ka"]).toContain("required");
    expect(getSurvey(id)!.title.ka).toBe("ქალაქის ტრანსპორტი");
    const good = await act("admin", id, [["intent", "settings"], ...settingsForm({ title: { ka: "ახალი სათაური", en: "A new title" }, audience: "verified", demographics: "on" })]);
    expect(good.status).toBe(200);
    expect(getSurvey(id)).toMatchObject({ title: { ka: "ახალი სათაური", en: "A new title" }, audience: "verified", demographics: true });
  });
});

// ─── Once residents have answered ───────────────────────────────────────────────────────

describe("what may change once a question has answers", () => {
  it("refuses a new type, a new scale, dropping an answered option and deleting the question (409); rewording is saved and audited with the old text", async () => {
    const s = await openSurvey();
    const [foot, bus, car] = s.options as [number, number, number];
    await answerOnline(s.id, [[fieldName.answer(s.choice), String(car)]]);
    const snapshot = () => getSurvey(s.id);
    const before = snapshot();
    const audit = lastAuditId();
    const labels = { options: ["ფეხით", "ავტობუსით", "მანქანით"], optionsEn: ["On foot", "By bus", "By car"] };

    // The form then only offers the wording: the type is locked.
    const form = await call(questionLoader, get("admin", `/hub/surveys/${s.id}/questions/${s.choice}`), { id: String(s.id), qid: String(s.choice) });
    expect(((await form.json()) as { typeLocked: boolean }).typeLocked).toBe(true);

    const refusals: Array<[string, Array<[string, string]>, string]> = [
      ["a new type", questionForm("multiple", { required: "on", ...labels }), "typeChange"],
      ["a new type with the same options", questionForm("dropdown", { required: "on", ...labels }), "typeChange"],
      ["the answered last option removed", questionForm("single", { required: "on", options: ["ფეხით", "ავტობუსით"], optionsEn: ["On foot", "By bus"] }), "optionHasAnswers"],
    ];
    for (const [name, fields, reason] of refusals) {
      const response = await editQuestion(s.id, s.choice, fields);
      expect(response.status, name).toBe(409);
      expect(((await response.json()) as QuestionReply).refused, name).toBe(reason);
    }
    const deleted = await intent(s.id, "delete", [["target", String(s.choice)]]);
    expect(deleted).toEqual({ status: 409, body: { done: null, refused: "hasAnswers", settings: null } });
    expect(snapshot()).toEqual(before);
    expect(lastAuditId()).toBe(audit);

    // Options nobody chose can still go; the wording can be corrected.
    const reworded = await editQuestion(
      s.id,
      s.choice,
      questionForm("single", { required: "on", text: { ka: "როგორ დადიხართ სამსახურში?", en: "How do you get to work?" }, options: ["ფეხით", "ავტობუსით", "საკუთარი მანქანით"], optionsEn: ["On foot", "By bus", "By own car"] }),
    );
    expect(reworded.status).toBe(302);
    const q = getSurvey(s.id)!.questions.find((x) => x.id === s.choice)!;
    expect(q.text).toEqual({ ka: "როგორ დადიხართ სამსახურში?", en: "How do you get to work?" });
    expect(q.options.map((o) => [o.id, o.label.en])).toEqual([
      [foot, "On foot"],
      [bus, "By bus"],
      [car, "By own car"],
    ]);
    const log = auditSince(audit);
    expect(log.map((a) => [a.action, a.actorId, a.targetId])).toEqual([["survey.questionReworded", ids.admin, String(s.id)]]);
    expect(log[0]!.details).toMatchObject({ questionId: s.choice, before: { text: { ka: "კითხვა: single", en: "Question: single" }, options: [{ ka: "ფეხით" }, { ka: "ავტობუსით" }, { ka: "მანქანით", en: "By car" }] } });

    // The answer still counts for the same option, now worded anew.
    const results = (await (await call(hubResultsLoader, get("admin", `/hub/surveys/${s.id}/results?lng=en`), { id: String(s.id) })).json()) as { questions: Array<{ id: number; text: string; bars: Array<{ label: string; n: number }> }> };
    const choice = results.questions.find((x) => x.id === s.choice)!;
    expect(choice.text).toBe("How do you get to work?");
    expect(choice.bars.map((b) => [b.label, b.n])).toEqual([
      ["On foot", 0],
      ["By bus", 0],
      ["By own car", 1],
    ]);

    // An unanswered question of the same survey can still be deleted.
    expect((await intent(s.id, "delete", [["target", String(s.text)]])).body.done).toBe("deleted");
  });

  it("refuses a new scale and dropping an answered matrix row", async () => {
    const id = await createViaForm();
    const section = sectionsOf(id)[0]!.id;
    const scale = await added(id, section, questionForm("scale", { required: "on" }));
    const matrix = await added(id, section, questionForm("matrix", { options: ["ავტობუსები", "ტროტუარები"], optionsEn: ["Buses", "Pavements"] }));
    await intent(id, "publish");
    const [, pavements] = getSurvey(id)!.questions[1]!.options.map((o) => o.id);
    await answerOnline(id, [[fieldName.answer(scale), "4"], [fieldName.row(matrix, pavements!), "2"]]);
    const newScale = await editQuestion(id, scale, questionForm("scale", { required: "on", scale: "0-10" }));
    expect(newScale.status).toBe(409);
    expect(((await newScale.json()) as QuestionReply).refused).toBe("typeChange");
    const dropRow = await editQuestion(id, matrix, questionForm("matrix", { options: ["ავტობუსები"], optionsEn: ["Buses"] }));
    expect(dropRow.status).toBe(409);
    expect(((await dropRow.json()) as QuestionReply).refused).toBe("optionHasAnswers");
    expect(getSurvey(id)!.questions[1]!.options).toHaveLength(2);
  });
});

// ─── Paper questionnaires ───────────────────────────────────────────────────────────────

describe("paper questionnaires", () => {
  it("stores each as a paper response with the staff member who typed it, counted in the results; an invalid one is refused with 400", async () => {
    const s = await openSurvey({ demographics: "on" });
    const [, bus] = s.options as [number, number, number];
    const sid = String(s.id);
    const page = await call(paperLoader, get("moderator", `/hub/surveys/${sid}/paper?lng=en`), { id: sid });
    expect(page.status).toBe(200);
    const pageData = (await page.json()) as { questions: Array<{ id: number; text: string }>; demographics: boolean; districts: unknown[] };
    expect(pageData.questions.map((q) => q.id)).toEqual([s.choice, s.text]);
    expect(pageData).toMatchObject({ demographics: true });
    expect(pageData.districts).toHaveLength(districts.length);

    const paper = (fields: Array<[string, string]>) => call(paperAction, post("moderator", `/hub/surveys/${sid}/paper`, fields), { id: sid });
    const invalid: Array<[string, Array<[string, string]>, Record<string, string>]> = [
      ["the required question left empty", [[fieldName.answer(s.text), "Benches, please."]], { [s.choice]: "required" }],
      ["an option of another question", [[fieldName.answer(s.choice), "999999"]], { [s.choice]: "invalid" }],
      ["nothing at all", [], { [s.choice]: "required" }],
    ];
    for (const [name, fields, errors] of invalid) {
      const response = await paper([...fields, ["ageBand", ""], ["gender", ""], ["district", ""]]);
      expect(response.status, name).toBe(400);
      const body = (await response.json()) as { entered: boolean; errors: Record<string, string>; values: Record<string, unknown> };
      expect(body.entered, name).toBe(false);
      expect(body.errors, name).toEqual(errors);
    }
    // What was typed comes back, so that the questionnaire need not be typed again.
    const typed = (await (await paper([[fieldName.answer(s.text), "Benches, please."]])).json()) as { values: Record<string, unknown> };
    expect(typed.values).toMatchObject({ [fieldName.answer(s.text)]: "Benches, please." });
    expect(responsesOf(s.id)).toEqual([]);

    const audit = lastAuditId();
    const ok = await paper([[fieldName.answer(s.choice), String(bus)], [fieldName.answer(s.text), "  More buses at night.  "], ["ageBand", "35-44"], ["gender", "female"], ["district", String(districts[2])]]);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ entered: true });
    const [stored] = responsesOf(s.id);
    expect(responsesOf(s.id)).toHaveLength(1);
    expect(stored).toMatchObject({ channel: "paper", enteredBy: ids.moderator, userId: null, submittedAt: null, ageBand: "35-44", gender: "female", districtId: districts[2] });
    expect(answersOf(stored!.id).map((a) => [a.questionId, a.optionId, a.text])).toEqual([
      [s.choice, bus, null],
      [s.text, null, "More buses at night."],
    ]);
    expect(auditSince(audit).map((a) => [a.action, a.actorId])).toEqual([["survey.paperResponse", ids.moderator]]);

    // Paper and online answers count alike.
    await answerOnline(s.id, [[fieldName.answer(s.choice), String(bus)]]);
    const hub = (await (await call(hubResultsLoader, get("admin", `/hub/surveys/${sid}/results?lng=en`), { id: sid })).json()) as { total: string; questions: Array<{ id: number; answered: number; bars: Array<{ label: string; n: number; pct: number }> }> };
    expect(hub.total).toBe("2");
    expect(hub.questions.find((q) => q.id === s.choice)!.bars.map((b) => [b.label, b.n, b.pct])).toEqual([
      ["On foot", 0, 0],
      ["By bus", 2, 100],
      ["By car", 0, 0],
    ]);
    closeSurvey(s.id);
    const api = (await (await call(apiLoader, get(null, `/api/v1/surveys/${sid}/results?lng=en`), { id: sid })).json()) as { responses: number };
    expect(api.responses).toBe(2);
  });
});

// ─── Written answers ────────────────────────────────────────────────────────────────────

describe("written answers in the results", () => {
  it("staff see every written answer; the public sees one only after it is published, and no longer once it is withdrawn", async () => {
    const s = await openSurvey();
    const sid = String(s.id);
    await answerOnline(s.id, [[fieldName.answer(s.choice), String(s.options[0])], [fieldName.answer(s.text), "A bench by the school on Megobroba street"]]);
    await answerOnline(s.id, [[fieldName.answer(s.choice), String(s.options[1])], [fieldName.answer(s.text), "Night buses to the station"]]);
    closeSurvey(s.id);

    type Texts = { questions: Array<{ id: number; texts: Array<{ id: number; text: string; published: boolean }> }> };
    const staffTexts = async () => ((await (await call(hubResultsLoader, get("moderator", `/hub/surveys/${sid}/results`), { id: sid })).json()) as Texts).questions.find((q) => q.id === s.text)!.texts;
    const publicText = async () => (await call(publicResultsLoader, get(null, `/surveys/${sid}/results?lng=en`), { id: sid })).text();
    const apiText = async () => (await call(apiLoader, get(null, `/api/v1/surveys/${sid}/results?lng=en`), { id: sid })).text();

    const all = await staffTexts();
    expect(all.map((x) => [x.text, x.published]).sort()).toEqual([
      ["A bench by the school on Megobroba street", false],
      ["Night buses to the station", false],
    ]);
    for (const text of [await publicText(), await apiText()]) {
      expect(text).not.toContain("Megobroba");
      expect(text).not.toContain("Night buses");
    }

    const bench = all.find((x) => x.text.includes("Megobroba"))!;
    const publish = (who: Who, action: string, answer: number | string) => call(hubResultsAction, post(who, `/hub/surveys/${sid}/results`, [["intent", action], ["answer", String(answer)]]), { id: sid });
    const audit = lastAuditId();
    expect((await publish("moderator", "publish", bench.id)).status).toBe(200);
    expect(auditSince(audit).map((a) => [a.action, a.actorId, a.details])).toEqual([["survey.textPublished", ids.moderator, { answerId: bench.id }]]);
    for (const text of [await publicText(), await apiText()]) {
      expect(text).toContain("A bench by the school on Megobroba street");
      expect(text).not.toContain("Night buses");
    }
    const api = JSON.parse(await apiText()) as { questions: Array<{ id: number; texts: unknown[] }> };
    expect(api.questions.find((q) => q.id === s.text)!.texts).toEqual(["A bench by the school on Megobroba street"]);

    expect((await publish("moderator", "unpublish", bench.id)).status).toBe(200);
    expect(await publicText()).not.toContain("Megobroba");

    // An answer of another survey, an unknown answer or a bad request changes nothing.
    const other = await openSurvey();
    await answerOnline(other.id, [[fieldName.answer(other.choice), String(other.options[0])], [fieldName.answer(other.text), "Someone else's words"]]);
    const foreign = getDb().select().from(surveyAnswers).where(eq(surveyAnswers.questionId, other.text)).get()!;
    expect((await publish("admin", "publish", foreign.id)).status).toBe(404);
    expect(getDb().select().from(surveyAnswers).where(eq(surveyAnswers.id, foreign.id)).get()!.published).toBe(false);
    expect((await publish("admin", "publish", 999_999_999)).status).toBe(404);
    expect((await publish("admin", "shout", bench.id)).status).toBe(400);
    expect((await publish("admin", "publish", "abc")).status).toBe(400);
  });
  it("staff see each question's 20 newest written answers, and more of one question when they ask", async () => {
    const s = await openSurvey();
    const sid = String(s.id);
    for (let i = 1; i <= 23; i++) await answerOnline(s.id, [[fieldName.answer(s.choice), String(s.options[0])], [fieldName.answer(s.text), `Answer number ${i}`]]);
    closeSurvey(s.id);
    type Texts = { questions: Array<{ id: number; more: boolean; texts: Array<{ text: string }> }> };
    const texts = async (query: string) => ((await (await call(hubResultsLoader, get("moderator", `/hub/surveys/${sid}/results${query}`), { id: sid })).json()) as Texts).questions.find((q) => q.id === s.text)!;
    const first = await texts("");
    expect(first.more).toBe(true);
    expect(first.texts.map((x) => x.text)).toEqual(Array.from({ length: 20 }, (_, i) => `Answer number ${23 - i}`));
    const all = await texts(`?texts=${s.text}`);
    expect(all.more).toBe(false);
    expect(all.texts).toHaveLength(23);
    expect((await texts("?texts=nonsense")).texts).toHaveLength(20);
  });
});
