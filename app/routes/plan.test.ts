// The long-term plan (issue 6) as residents and staff use it: the public plan, a goal's page and the
// printable report; measures and progress reports in the hub; linking residents' input to goals and
// measures, and who hears of it; and "you said, we did" with its filters.
import { count, eq, gt, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, ideas, measures, measureUpdates, notifications, outbox, planLinks, users } from "#db/schema";
import { changeStatus, createIdea, setIdeaHidden, support } from "~/models/ideas.server";
import { listDistricts, listGoals } from "~/models/municipality.server";
import { addMeasureUpdate, createMeasure, getMeasure, type MeasureColumns } from "~/models/plan.server";
import { createRound } from "~/models/rounds.server";
import { addQuestion, createSurvey, getSurvey, setSurveyPublished } from "~/models/surveys.server";
import { createUser } from "~/models/users.server";
import { getDb } from "~/utils/db.server";
import { signedInDemo, type DemoName } from "../../test/accounts";
import { call, getRequest, ORIGIN, sessionCookieFor } from "../../test/requests";
import { action as hubAction, loader as hubLoader } from "./hub.plan";
import { action as measureAction, loader as measureLoader } from "./hub.plan_.measures.$id";
import { loader as goalLoader } from "./plan.$goalId";
import { loader as planLoader } from "./plan._index";
import { loader as reportLoader } from "./plan.report";
import { loader as resultsLoader } from "./results._index";

const DAY = 86_400_000;

type Who = DemoName | null;
let cookies = {} as Record<DemoName, string>;
let ids = {} as Record<DemoName, number>;
let goals: Array<{ id: number; slug: string; title: Record<string, string | undefined> }> = [];
let districts: number[] = [];

beforeAll(async () => {
  ({ ids, cookies } = await signedInDemo());
  goals = listGoals();
  districts = listDistricts().map((d) => d.id);
});

function headers(who: Who): Record<string, string> {
  return who ? { Cookie: cookies[who] } : {};
}

function get(who: Who, path: string) {
  return getRequest(path, headers(who));
}

function post(who: Who, path: string, fields: Array<[string, string]>) {
  return new Request(`${ORIGIN}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: headers(who) });
}

/** A goal by its slug (db/seed/rustavi.ts). */
function goal(slug: string) {
  const g = goals.find((x) => x.slug === slug);
  if (!g) throw new Error(`no goal ${slug}`);
  return g;
}

// ─── The database ───────────────────────────────────────────────────────────────────────

function lastId(table: typeof auditLog | typeof notifications | typeof outbox | typeof measures | typeof planLinks | typeof measureUpdates): number {
  return getDb().select({ id: table.id }).from(table).orderBy(table.id).all().at(-1)?.id ?? 0;
}

function auditSince(since: number) {
  return getDb().select().from(auditLog).where(gt(auditLog.id, since)).all();
}

function notesSince(since: number) {
  return getDb().select().from(notifications).where(gt(notifications.id, since)).all();
}

function mailSince(since: number) {
  return getDb().select().from(outbox).where(gt(outbox.id, since)).all();
}

function measureCount() {
  return getDb().select({ n: count() }).from(measures).get()?.n ?? 0;
}

function linksOf(kind: "idea" | "option" | "question", targetId: number) {
  return getDb().select().from(planLinks).where(eq(planLinks.targetId, targetId)).all().filter((l) => l.kind === kind);
}

// ─── People and things ──────────────────────────────────────────────────────────────────

let people = 0;
async function resident(options: { locale?: string; email?: boolean; notifyByEmail?: boolean } = {}) {
  people += 1;
  const email = `planner${people}@plan-routes.test`;
  const user = createUser({
    displayName: `Planner Person${people}`,
    identifier: options.email === false ? { kind: "phone", value: `+99555510${String(people).padStart(4, "0")}` } : { kind: "email", value: email },
    passwordHash: "x",
    locale: options.locale,
  })!;
  if (options.notifyByEmail === false) getDb().update(users).set({ notifyByEmail: false }).where(eq(users.id, user.id)).run();
  return { id: user.id, email: options.email === false ? null : email, cookie: await sessionCookieFor(user.id) };
}

let ideaCount = 0;
/** An idea by `authorId`, published (post-moderation) unless it should wait for a moderator. */
function idea(authorId: number, goalSlug: string, extra: { districtId?: number; waiting?: boolean; title?: string } = {}) {
  ideaCount += 1;
  const title = extra.title ?? `გეგმის იდეა ${ideaCount}`;
  const id = createIdea({
    authorId,
    title,
    description: `${title}: აღწერა, საკმაოდ გრძელი, რომ ფორმამ მიიღოს.`,
    goalId: goal(goalSlug).id,
    districtId: extra.districtId ?? districts[0]!,
    moderation: extra.waiting ? "pre" : "post",
  });
  return { id, title };
}

const measureValues = (title: string, extra: Partial<MeasureColumns> = {}): MeasureColumns => ({
  title: { ka: title, en: `${title} (en)` },
  description: {},
  department: {},
  status: "planned",
  progress: 0,
  startsOn: "2027-01-01",
  endsOn: "2028-12-31",
  ...extra,
});

// ─── Forms as the browser sends them ────────────────────────────────────────────────────

/** The hub's "add a measure" form, every input filled as a moderator would (empty inputs as ""). */
function measureForm(overrides: Record<string, string> = {}): Array<[string, string]> {
  const fields: Record<string, string> = {
    "title.ka": "ველობილიკი სადგურამდე",
    "title.en": "A cycle path to the station",
    "title.az": "",
    "title.ru": "",
    "description.ka": "ორმხრივი ველობილიკი სადგურიდან ბულვარამდე.",
    "description.en": "",
    "description.az": "",
    "description.ru": "",
    "department.ka": "ტრანსპორტის სამსახური",
    "department.en": "Transport department",
    "department.az": "",
    "department.ru": "",
    status: "planned",
    progress: "0",
    startsOn: "2027-03-01",
    endsOn: "2028-10-31",
    ...overrides,
  };
  return Object.entries(fields);
}

function addMeasure(who: Who, goalId: number, overrides: Record<string, string> = {}) {
  return call(hubAction, post(who, "/hub/plan", [["intent", "addMeasure"], ["goal", String(goalId)], ...measureForm(overrides)]));
}

function link(who: Who, goalId: number, kind: string, targetId: number | string, measureId: number | string = "") {
  return call(hubAction, post(who, "/hub/plan", [["intent", "link"], ["goal", String(goalId)], ["kind", kind], ["targetId", String(targetId)], ["measureId", String(measureId)]]));
}

function unlink(who: Who, goalId: number, linkId: number) {
  return call(hubAction, post(who, "/hub/plan", [["intent", "unlink"], ["goal", String(goalId)], ["link", String(linkId)]]));
}

function reportProgress(who: Who, measureId: number, fields: Record<string, string>) {
  const body = Object.entries({ intent: "progress", "body.ka": "", "body.en": "", "body.az": "", "body.ru": "", ...fields });
  return call(measureAction, post(who, `/hub/plan/measures/${measureId}`, body), { id: String(measureId) });
}

type HubReply = { goal: number; done: string | null; refused: string | null; measure: { status?: string; error?: Record<string, string[] | null> } | null };
type GoalPage = {
  title: string;
  measures: Array<{ id: number; title: string; status: string; progress: number; progressShown: string; department: string; period: string; updates: Array<{ id: number; body: string; progress: string }> }>;
  ideas: Array<{ id: number; title: string; status: string }>;
  votes: unknown[];
  questions: Array<{ id: number; text: string; surveyId: number }>;
};
type PlanPage = { title: string; goals: Array<{ id: number; title: string; measures: Array<{ id: number; title: string; status: string; progress: number }> }> };
type ResultItem = { kind: "round" | "survey" | "idea"; key: string; at: number; id: number; title: string; status?: string; answer?: string | null; measures?: Array<{ title: string; goalId: number; progress: string }> };
type ResultsPage = { title: string; filter: { goal?: number; district?: number }; items: ResultItem[] };
type ReportPage = { title: string; goals: Array<{ id: number; title: string; ideas: string; supports: string; measures: Array<{ id: number; title: string; progress: string; latest: { body: string } | null }> }> };

const goalPage = async (who: Who, goalId: number | string, lng = "en") => {
  const response = await call(goalLoader, get(who, `/plan/${goalId}?lng=${lng}`), { goalId: String(goalId) });
  return { status: response.status, data: response.status === 200 ? ((await response.json()) as GoalPage) : null };
};

const results = async (query = "") => {
  const response = await call(resultsLoader, get(null, `/results?lng=en${query ? `&${query}` : ""}`));
  expect(response.status, query).toBe(200);
  return (await response.json()) as ResultsPage;
};

// ─── The public plan ────────────────────────────────────────────────────────────────────

describe("the public plan", () => {
  it("/plan shows every goal in plan order with its measures, to anonymous visitors and residents alike", async () => {
    const m = createMeasure(goal("old-city").id, measureValues("ისტორიული ფასადები", { status: "in_progress", progress: 40 }), ids.admin);
    for (const who of [null, "nino"] as const) {
      const response = await call(planLoader, get(who, "/plan?lng=en"));
      expect(response.status, String(who)).toBe(200);
      const data = (await response.json()) as PlanPage;
      expect(data.title).toBe("Rustavi's development plan");
      expect(data.goals.map((g) => g.id)).toEqual(goals.map((g) => g.id));
      expect(data.goals.map((g) => g.title)).toContain("Revitalising the old city");
      expect(data.goals.find((g) => g.id === goal("old-city").id)!.measures).toContainEqual(expect.objectContaining({ id: m, title: "ისტორიული ფასადები (en)", status: "in_progress", progress: 40 }));
    }
    // In Georgian (the default), the Georgian titles.
    const ka = (await (await call(planLoader, get(null, "/plan"))).json()) as PlanPage;
    expect(ka.goals.find((g) => g.id === goal("old-city").id)).toMatchObject({ title: "ძველი ქალაქის რევიტალიზაცია", measures: [expect.objectContaining({ title: "ისტორიული ფასადები" })] });
  });

  it("/plan/:goalId shows a goal to anyone; unknown and malformed ids are 404", async () => {
    for (const g of goals) {
      for (const who of [null, "elvin", "admin"] as const) expect((await goalPage(who, g.id)).status, `${g.slug} ${who}`).toBe(200);
    }
    const { data } = await goalPage(null, goal("clean-air").id);
    expect(data!.title).toBe("Clean air");
    for (const bad of ["999999", "9999999999", "0", "-1", "abc", "1.5", "1e2", "01", " 1", "1;drop", "%00", "12345678901"]) {
      expect((await goalPage(null, bad)).status, bad).toBe(404);
    }
  });

  it("the printable report: the whole plan, one goal with ?goal=, 404 for an unknown goal, and a garbage ?goal= shows the whole plan", async () => {
    const mobility = goal("mobility");
    const m = createMeasure(mobility.id, measureValues("ავტობუსის ზოლები"), ids.admin);
    addMeasureUpdate(m, { body: { ka: "პროექტი მზადდება", en: "The design is under way" }, status: "in_progress", progress: 10 }, ids.admin);
    const whole = await call(reportLoader, get(null, "/plan/report?lng=en"));
    expect(whole.status).toBe(200);
    const wholeData = (await whole.json()) as ReportPage;
    expect(wholeData.title).toBe("Development plan: report");
    expect(wholeData.goals.map((g) => g.id)).toEqual(goals.map((g) => g.id));

    const one = await call(reportLoader, get(null, `/plan/report?lng=en&goal=${mobility.id}`));
    expect(one.status).toBe(200);
    const oneData = (await one.json()) as ReportPage;
    expect(oneData.title).toBe("Development plan: Mobility");
    expect(oneData.goals.map((g) => g.id)).toEqual([mobility.id]);
    expect(oneData.goals[0]!.measures).toContainEqual(expect.objectContaining({ id: m, title: "ავტობუსის ზოლები (en)", progress: "10 %", latest: expect.objectContaining({ body: "The design is under way" }) }));

    // The goal's counts are of all its public ideas, not of the 50 the goal's page lists.
    const counted = getDb().get<{ n: number; s: number }>(sql`select count(*) as n, coalesce(sum(supports_count), 0) as s from ideas where listed = 1 and goal_id = ${mobility.id}`)!;
    for (let i = counted.n; i < 52; i++) idea(ids.elvin, "mobility");
    const many = (await (await call(reportLoader, get(null, `/plan/report?lng=en&goal=${mobility.id}`))).json()) as ReportPage;
    expect(many.goals[0]!.ideas).toBe(String(Math.max(52, counted.n)));
    expect(many.goals[0]!.supports).toBe(String(counted.s));

    const ka = (await (await call(reportLoader, get(null, `/plan/report?lng=ka&goal=${mobility.id}`))).json()) as ReportPage;
    expect(ka.title).toContain("მობილობა");

    for (const unknown of ["999999", "2147483648"]) expect((await call(reportLoader, get(null, `/plan/report?goal=${unknown}`))).status, unknown).toBe(404);
    for (const garbage of ["abc", "-1", "0", "1.5", ""]) {
      const response = await call(reportLoader, get(null, `/plan/report?lng=en&goal=${garbage}`));
      expect(response.status, garbage).toBe(200);
      expect(((await response.json()) as ReportPage).goals, garbage).toHaveLength(goals.length);
    }
  });
});

// ─── Who may enter the hub ──────────────────────────────────────────────────────────────

describe("the hub's plan pages are for staff only", () => {
  it("/hub/plan and /hub/plan/measures/:id: anonymous visitors sign in, residents get 403, staff see them", async () => {
    const m = createMeasure(goal("green-city").id, measureValues("სკვერები"), ids.admin);
    const anonymous = await call(hubLoader, get(null, "/hub/plan"));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe("/login?redirectTo=%2Fhub%2Fplan");
    const anonymousMeasure = await call(measureLoader, get(null, `/hub/plan/measures/${m}`), { id: String(m) });
    expect(anonymousMeasure.status).toBe(302);
    expect(anonymousMeasure.headers.get("Location")).toBe(`/login?redirectTo=%2Fhub%2Fplan%2Fmeasures%2F${m}`);
    for (const who of ["nino", "irina", "elvin"] as const) {
      expect((await call(hubLoader, get(who, "/hub/plan"))).status, who).toBe(403);
      expect((await call(measureLoader, get(who, `/hub/plan/measures/${m}`), { id: String(m) })).status, who).toBe(403);
    }
    for (const who of ["moderator", "admin"] as const) {
      const response = await call(hubLoader, get(who, "/hub/plan?lng=en"));
      expect(response.status, who).toBe(200);
      const data = (await response.json()) as { goals: Array<{ id: number; measures: Array<{ id: number }> }> };
      expect(data.goals.find((g) => g.id === goal("green-city").id)!.measures.map((x) => x.id)).toContain(m);
      const page = await call(measureLoader, get(who, `/hub/plan/measures/${m}?lng=en`), { id: String(m) });
      expect(page.status, who).toBe(200);
      expect(((await page.json()) as { title: string }).title).toBe("Measure: სკვერები (en)");
    }
    for (const bad of ["999999", "abc", "0"]) expect((await call(measureLoader, get("moderator", `/hub/plan/measures/${bad}`), { id: bad })).status, bad).toBe(404);
  });

  it("residents and anonymous visitors cannot add, link, unlink, edit or report, and nothing changes", async () => {
    const g = goal("green-city").id;
    const m = createMeasure(g, measureValues("ხეები ეზოებში"), ids.admin);
    const published = idea(ids.nino, "green-city");
    const before = { measures: measureCount(), links: lastId(planLinks), audit: lastId(auditLog), updates: lastId(measureUpdates), notes: lastId(notifications), measure: getMeasure(m) };
    for (const who of ["nino", "elvin"] as const) {
      const attempts: Array<[string, Promise<Response>]> = [
        ["addMeasure", addMeasure(who, g)],
        ["link", link(who, g, "idea", published.id, m)],
        ["unlink", unlink(who, g, 1)],
        ["save", call(measureAction, post(who, `/hub/plan/measures/${m}`, [["intent", "save"], ...measureForm({ "title.ka": "შეცვლილი" })]), { id: String(m) })],
        ["progress", reportProgress(who, m, { "body.ka": "ყველაფერი მზადაა", status: "done", progress: "100" })],
      ];
      for (const [name, attempt] of attempts) expect((await attempt).status, `${who} ${name}`).toBe(403);
    }
    const anonymous = await addMeasure(null, g);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    expect((await reportProgress(null, m, { "body.ka": "ყველაფერი მზადაა", status: "done", progress: "100" })).status).toBe(302);
    expect({ measures: measureCount(), links: lastId(planLinks), audit: lastId(auditLog), updates: lastId(measureUpdates), notes: lastId(notifications), measure: getMeasure(m) }).toEqual(before);
  });
});

// ─── Measures ───────────────────────────────────────────────────────────────────────────

describe("adding a measure", () => {
  const cases: Array<[string, Record<string, string>, string, string]> = [
    ["no Georgian title", { "title.ka": "" }, "title.ka", "required"],
    ["a one-letter Georgian title", { "title.ka": "ა" }, "title.ka", "tooShort:2"],
    ["a 201-character title", { "title.ka": "ა".repeat(201) }, "title.ka", "tooLong:200"],
    ["progress 150", { progress: "150" }, "progress", "atMost:100"],
    ["progress −5", { progress: "-5" }, "progress", "wholeNumber"],
    ["progress “half”", { progress: "half" }, "progress", "wholeNumber"],
    ["progress 12.5", { progress: "12.5" }, "progress", "wholeNumber"],
    ["no progress", { progress: "" }, "progress", "required"],
    ["an unknown status", { status: "finished" }, "status", "choose"],
    ["no status", { status: "" }, "status", "choose"],
    ["an end before the start", { startsOn: "2028-01-01", endsOn: "2027-12-31" }, "endsOn", "endsBeforeStarts"],
    ["a start of 31 February", { startsOn: "2027-02-31" }, "startsOn", "date"],
    ["an end written 31.12.2027", { endsOn: "31.12.2027" }, "endsOn", "date"],
    ["a start of “soon”", { startsOn: "soon" }, "startsOn", "date"],
    ["a start in month 13", { startsOn: "2027-13-01" }, "startsOn", "date"],
  ];
  for (const [name, overrides, field, code] of cases) {
    it(`refuses ${name} with 400 and the field's error, storing nothing`, async () => {
      const before = { measures: measureCount(), audit: lastId(auditLog) };
      const response = await addMeasure("moderator", goal("mobility").id, overrides);
      expect(response.status).toBe(400);
      const reply = (await response.json()) as HubReply;
      expect(reply.done).toBeNull();
      expect(reply.goal).toBe(goal("mobility").id);
      const errors = reply.measure?.error ?? {};
      expect(errors, JSON.stringify(errors)).toEqual({ [field]: [code] });
      expect({ measures: measureCount(), audit: lastId(auditLog) }).toEqual(before);
    });
  }

  it("a start date that does not exist is the start's error", async () => {
    const response = await addMeasure("moderator", goal("mobility").id, { startsOn: "2027-02-31", endsOn: "2027-02-10" });
    expect(response.status).toBe(400);
    const errors = ((await response.json()) as HubReply).measure?.error ?? {};
    expect(errors.startsOn).toEqual(["date"]);
    // The end is a real date: it is not blamed for the start's mistake.
    expect(errors.endsOn ?? null).toBeNull();
  });

  it("refuses a missing or unknown goal and an unknown intent, storing nothing", async () => {
    const before = { measures: measureCount(), audit: lastId(auditLog) };
    expect((await addMeasure("moderator", 999_999)).status).toBe(404);
    expect((await call(hubAction, post("moderator", "/hub/plan", [["intent", "addMeasure"], ...measureForm()]))).status).toBe(400);
    expect((await call(hubAction, post("moderator", "/hub/plan", [["intent", "addMeasure"], ["goal", "abc"], ...measureForm()]))).status).toBe(400);
    expect((await call(hubAction, post("moderator", "/hub/plan", [["intent", "delete"], ["goal", String(goal("mobility").id)]]))).status).toBe(400);
    expect({ measures: measureCount(), audit: lastId(auditLog) }).toEqual(before);
  });

  it("stores a valid measure under its goal, without empty languages, with an audit entry, and shows it on the plan", async () => {
    const mobility = goal("mobility").id;
    const auditBefore = lastId(auditLog);
    const response = await addMeasure("moderator", mobility, { "title.ka": "  ველობილიკი სადგურამდე  ", status: "in_progress", progress: "15" });
    expect(response.status).toBe(200);
    const reply = (await response.json()) as HubReply;
    expect(reply).toMatchObject({ goal: mobility, done: "measureAdded", refused: null });
    const stored = getDb().select().from(measures).orderBy(measures.id).all().at(-1)!;
    expect(stored).toMatchObject({
      goalId: mobility,
      title: { ka: "ველობილიკი სადგურამდე", en: "A cycle path to the station" },
      description: { ka: "ორმხრივი ველობილიკი სადგურიდან ბულვარამდე." },
      department: { ka: "ტრანსპორტის სამსახური", en: "Transport department" },
      status: "in_progress",
      progress: 15,
      startsOn: "2027-03-01",
      endsOn: "2028-10-31",
    });
    expect(Object.keys(stored.title).sort()).toEqual(["en", "ka"]);
    expect(auditSince(auditBefore)).toEqual([expect.objectContaining({ actorId: ids.moderator, action: "plan.measureCreated", targetType: "measure", targetId: String(stored.id) })]);

    // Dates and the description are optional; a measure can start and end on the same day.
    const minimal = await addMeasure("admin", mobility, { "description.ka": "", "department.ka": "", "department.en": "", startsOn: "", endsOn: "" });
    expect(minimal.status, JSON.stringify(await minimal.clone().json())).toBe(200);
    const sameDay = await addMeasure("admin", mobility, { startsOn: "2027-05-05", endsOn: "2027-05-05", progress: "100", status: "done" });
    expect(sameDay.status).toBe(200);
    const last = getDb().select().from(measures).orderBy(measures.id).all().slice(-2);
    expect(last[0]).toMatchObject({ description: {}, department: {}, startsOn: null, endsOn: null });
    expect(last[1]).toMatchObject({ startsOn: "2027-05-05", endsOn: "2027-05-05", progress: 100, status: "done" });

    const { data } = await goalPage(null, mobility, "ka");
    expect(data!.measures).toContainEqual(expect.objectContaining({ id: stored.id, title: "ველობილიკი სადგურამდე", status: "in_progress", progress: 15, department: "ტრანსპორტის სამსახური" }));
    const plan = (await (await call(planLoader, get(null, "/plan?lng=en"))).json()) as PlanPage;
    expect(plan.goals.find((g) => g.id === mobility)!.measures.map((x) => x.title)).toContain("A cycle path to the station");
  });

  it("the measure page saves changes with an audit entry, and refuses bad input with 400", async () => {
    const m = createMeasure(goal("youth-culture").id, measureValues("ახალგაზრდული ცენტრი"), ids.admin);
    const auditBefore = lastId(auditLog);
    const bad = await call(measureAction, post("moderator", `/hub/plan/measures/${m}`, [["intent", "save"], ...measureForm({ progress: "101" })]), { id: String(m) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { measure: { error: Record<string, string[]> } }).measure.error.progress).toEqual(["atMost:100"]);
    expect(getMeasure(m)).toMatchObject({ title: { ka: "ახალგაზრდული ცენტრი" }, progress: 0 });
    const saved = await call(measureAction, post("moderator", `/hub/plan/measures/${m}`, [["intent", "save"], ...measureForm({ "title.ka": "ახალგაზრდული ცენტრი ბიბლიოთეკაში", progress: "5" })]), { id: String(m) });
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as { done: string }).done).toBe("saved");
    expect(getMeasure(m)).toMatchObject({ title: { ka: "ახალგაზრდული ცენტრი ბიბლიოთეკაში", en: "A cycle path to the station" }, progress: 5 });
    expect(auditSince(auditBefore)).toEqual([expect.objectContaining({ actorId: ids.moderator, action: "plan.measureUpdated", targetId: String(m) })]);
  });
});

describe("a progress report", () => {
  it("updates the measure's status and progress, keeps the note, and residents read it on the goal's page", async () => {
    const clean = goal("clean-air").id;
    const m = createMeasure(clean, measureValues("ჰაერის სენსორები"), ids.admin);
    const auditBefore = lastId(auditLog);
    const response = await reportProgress("moderator", m, { "body.ka": "დამონტაჟდა 12 სენსორი.", "body.en": "12 sensors are installed.", status: "in_progress", progress: "45" });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { done: string }).done).toBe("reported");
    expect(getMeasure(m)).toMatchObject({ status: "in_progress", progress: 45 });
    expect(getMeasure(m)!.updates).toEqual([expect.objectContaining({ body: { ka: "დამონტაჟდა 12 სენსორი.", en: "12 sensors are installed." }, status: "in_progress", progress: 45, authorId: ids.moderator })]);
    expect(auditSince(auditBefore)).toEqual([expect.objectContaining({ actorId: ids.moderator, action: "plan.progressReported", targetType: "measure", targetId: String(m) })]);

    // A second report: newest first on the public page, in the reader's language (Georgian when there is no translation).
    expect((await reportProgress("admin", m, { "body.ka": "დამონტაჟდა ყველა სენსორი.", status: "done", progress: "100" })).status).toBe(200);
    for (const [lng, first, second] of [
      ["en", "დამონტაჟდა ყველა სენსორი.", "12 sensors are installed."],
      ["ka", "დამონტაჟდა ყველა სენსორი.", "დამონტაჟდა 12 სენსორი."],
    ] as const) {
      const { status, data } = await goalPage(null, clean, lng);
      expect(status).toBe(200);
      const shown = data!.measures.find((x) => x.id === m)!;
      expect(shown).toMatchObject({ status: "done", progress: 100 });
      expect(shown.progressShown).toMatch(/^100\s%$/);
      expect(shown.updates.map((u) => u.body)).toEqual([first, second]);
      expect(shown.updates.map((u) => u.progress.replace(/\s/g, " "))).toEqual(["100 %", "45 %"]);
    }
    const plan = (await (await call(planLoader, get(null, "/plan"))).json()) as PlanPage;
    expect(plan.goals.find((g) => g.id === clean)!.measures).toContainEqual(expect.objectContaining({ id: m, status: "done", progress: 100 }));
  });

  it("refuses a report without Georgian text, with progress over 100 or an unknown status, and changes nothing", async () => {
    const m = createMeasure(goal("clean-air").id, measureValues("ნაგვის ურნები", { status: "in_progress", progress: 30 }), ids.admin);
    const before = { measure: getMeasure(m), audit: lastId(auditLog), updates: lastId(measureUpdates) };
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ "body.en": "Only English", status: "in_progress", progress: "40" }, "body.ka", "required"],
      [{ "body.ka": "კარგად მიდის", status: "in_progress", progress: "150" }, "progress", "atMost:100"],
      [{ "body.ka": "კარგად მიდის", status: "almost", progress: "40" }, "status", "choose"],
    ];
    for (const [fields, field, code] of cases) {
      const response = await reportProgress("moderator", m, fields);
      expect(response.status, field).toBe(400);
      expect(((await response.json()) as { progress: { error: Record<string, string[]> } }).progress.error[field], field).toEqual([code]);
    }
    expect({ measure: getMeasure(m), audit: lastId(auditLog), updates: lastId(measureUpdates) }).toEqual(before);
    expect((await reportProgress("moderator", 999_999, { "body.ka": "კარგად მიდის", status: "done", progress: "100" })).status).toBe(404);
  });
});

// ─── Linking residents' input ───────────────────────────────────────────────────────────

describe("linking residents' input to the plan", () => {
  it("refuses an idea that is not public (waiting, hidden) or does not exist with 404, and a malformed link with 400", async () => {
    const g = goal("jobs-economy").id;
    const m = createMeasure(g, measureValues("ბიზნეს ინკუბატორი"), ids.admin);
    const waiting = idea(ids.nino, "jobs-economy", { waiting: true });
    const hidden = idea(ids.nino, "jobs-economy");
    setIdeaHidden({ ideaId: hidden.id, actorId: ids.moderator, hidden: true, reason: "offensive" });
    const rejected = idea(ids.nino, "jobs-economy", { waiting: true });
    changeStatus({ ideaId: rejected.id, actorId: ids.moderator, to: "rejected", reason: "offensive" });
    const before = { links: lastId(planLinks), audit: lastId(auditLog) };
    for (const [name, target] of [["waiting", waiting.id], ["hidden", hidden.id], ["rejected", rejected.id], ["unknown", 999_999]] as const) {
      for (const measure of [m, ""] as const) {
        const response = await link("moderator", g, "idea", target, measure);
        expect(response.status, `${name} ${measure}`).toBe(404);
        expect(((await response.json()) as HubReply).refused).toBe("notFound");
      }
    }
    for (const [kind, target] of [["idea", "abc"], ["idea", "0"], ["idea", ""], ["comment", "1"], ["", "1"]] as const) {
      const response = await link("moderator", g, kind, target);
      expect(response.status, `${kind} ${target}`).toBe(400);
      expect(((await response.json()) as HubReply).refused).toBe("badLink");
    }
    expect({ links: lastId(planLinks), audit: lastId(auditLog) }).toEqual(before);
  });

  it("links a public idea once (again is 409), only to a measure of the same goal, and shows it on the goal's page", async () => {
    const jobs = goal("jobs-economy").id;
    const youth = goal("youth-culture").id;
    const m = createMeasure(jobs, measureValues("ბაზრობა"), ids.admin);
    const other = createMeasure(youth, measureValues("სტადიონი"), ids.admin);
    // Filed under youth and culture, linked to a jobs measure.
    const published = idea(ids.irina, "youth-culture");
    expect((await goalPage(null, jobs)).data!.ideas.map((i) => i.id)).not.toContain(published.id);

    expect((await link("moderator", jobs, "idea", published.id, other)).status, "a measure of another goal").toBe(404);
    const auditBefore = lastId(auditLog);
    const response = await link("moderator", jobs, "idea", `#${published.id}`, m);
    expect(response.status).toBe(200);
    expect(((await response.json()) as HubReply).done).toBe("linked");
    expect(linksOf("idea", published.id)).toEqual([expect.objectContaining({ goalId: jobs, measureId: m, createdBy: ids.moderator })]);
    expect(auditSince(auditBefore)).toEqual([expect.objectContaining({ actorId: ids.moderator, action: "plan.linked", targetType: "goal", targetId: String(jobs) })]);

    const again = await link("admin", jobs, "idea", published.id, m);
    expect(again.status).toBe(409);
    expect(((await again.json()) as HubReply).refused).toBe("exists");
    // To the goal alone: a separate link, also only once.
    expect((await link("admin", jobs, "idea", published.id)).status).toBe(200);
    expect((await link("admin", jobs, "idea", published.id)).status).toBe(409);
    expect(linksOf("idea", published.id)).toHaveLength(2);

    expect((await goalPage(null, jobs)).data!.ideas).toContainEqual(expect.objectContaining({ id: published.id, title: published.title, status: "published" }));
    const hub = (await (await call(hubLoader, get("moderator", "/hub/plan"))).json()) as { goals: Array<{ id: number; links: Array<{ kind: string; targetId: number; measureId: number | null }> }> };
    expect(hub.goals.find((g) => g.id === jobs)!.links).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: "idea", targetId: published.id, measureId: m }), expect.objectContaining({ kind: "idea", targetId: published.id, measureId: null })]),
    );
  });

  it("links vote options and survey questions, which then show on the goal's page", async () => {
    const old = goal("old-city").id;
    const round = createRound({
      title: { ka: "ძველი ქალაქი", en: "Old city vote" },
      description: {},
      method: "approval",
      maxChoices: 1,
      published: true,
      resultsShown: "after",
      opensAt: new Date(Date.now() - 10 * DAY),
      closesAt: new Date(Date.now() - 5 * DAY),
      options: [{ title: { ka: "ფასადები", en: "Facades" }, description: {} }, { title: { ka: "ეზოები", en: "Yards" }, description: {} }],
    });
    const optionId = getDb().all<{ id: number }>(sql`select id from round_options where round_id = ${round} order by position`)[0]!.id;
    const survey = closedSurvey("ძველი ქალაქის გამოკითხვა", 6);
    expect((await link("moderator", old, "option", optionId)).status).toBe(200);
    expect((await link("moderator", old, "question", survey.questionId)).status).toBe(200);
    expect((await link("moderator", old, "option", 999_999)).status).toBe(404);
    expect((await link("moderator", old, "question", 999_999)).status).toBe(404);
    const { data } = await goalPage(null, old);
    expect(data!.votes).toContainEqual(expect.objectContaining({ id: optionId, title: "Facades", roundId: round }));
    expect(data!.questions).toContainEqual(expect.objectContaining({ id: survey.questionId, surveyId: survey.id }));
  });

  it("linking an accepted idea to a measure tells its author and supporters, in the app and by email", async () => {
    const green = goal("green-city").id;
    const m = createMeasure(green, measureValues("1000 ახალი ხე", { title: { ka: "1000 ახალი ხე", en: "1,000 new trees" } }), ids.admin);
    const author = await resident();
    const supporter = await resident({ locale: "en" });
    const quiet = await resident({ notifyByEmail: false });
    const phoneOnly = await resident({ email: false });
    const { id, title } = idea(author.id, "green-city", { title: "ხეები ჩემს ქუჩაზე" });
    for (const s of [supporter.id, quiet.id, phoneOnly.id, ids.moderator]) support(id, s);
    changeStatus({ ideaId: id, actorId: ids.moderator, to: "accepted", answer: "გეგმაში შევიდა." });

    const notesBefore = lastId(notifications);
    const mailBefore = lastId(outbox);
    const response = await link("moderator", green, "idea", id, m);
    expect(response.status).toBe(200);

    const notes = notesSince(notesBefore);
    // Everyone but the moderator who linked it (though a supporter).
    expect(notes.map((n) => n.userId).sort((a, b) => a - b)).toEqual([author.id, supporter.id, quiet.id, phoneOnly.id].sort((a, b) => a - b));
    for (const n of notes) expect(n).toMatchObject({ kind: "plan", ideaId: id, data: expect.objectContaining({ title, measure: expect.objectContaining({ ka: "1000 ახალი ხე", en: "1,000 new trees" }) }), readAt: null });

    // Emails: to those with an address who want them, in their language.
    const mail = mailSince(mailBefore);
    expect(mail.map((x) => x.recipient).sort()).toEqual([author.email, supporter.email].sort());
    const toAuthor = mail.find((x) => x.recipient === author.email)!;
    expect(toAuthor).toMatchObject({ channel: "email", subject: `თქვენი იდეა „${title}“ ახლა ქალაქის განვითარების გეგმის ნაწილია: 1000 ახალი ხე.` });
    expect(toAuthor.body).toContain(`${ORIGIN}/ideas/${id}`);
    expect(toAuthor.body).toContain(`${ORIGIN}/me`);
    const toSupporter = mail.find((x) => x.recipient === supporter.email)!;
    expect(toSupporter.subject).toMatch(/^Your idea “ხეები ჩემს ქუჩაზე” is now part of the city's development plan: /);
    // The measure is named in the reader's language.
    expect(toSupporter.subject).toBe("Your idea “ხეები ჩემს ქუჩაზე” is now part of the city's development plan: 1,000 new trees.");

    // The author's page lists it.
    const { loader: meLoader } = await import("./me");
    const me = (await (await call(meLoader, getRequest("/me?lng=ka", { Cookie: author.cookie }))).json()) as { notifications: Array<{ text: string; unread: boolean }> };
    expect(me.notifications[0]).toMatchObject({ text: `თქვენი იდეა „${title}“ ახლა ქალაქის განვითარების გეგმის ნაწილია: 1000 ახალი ხე.`, unread: true });
  });

  it("in progress and implemented ideas are news too; a merely published idea, or a link to the goal only, is not", async () => {
    const green = goal("green-city").id;
    const m = createMeasure(green, measureValues("ბულვარის განახლება"), ids.admin);
    const author = await resident();
    const fan = await resident();

    const published = idea(author.id, "green-city");
    support(published.id, fan.id);
    let notesBefore = lastId(notifications);
    let mailBefore = lastId(outbox);
    expect((await link("moderator", green, "idea", published.id, m)).status).toBe(200);
    expect(notesSince(notesBefore)).toEqual([]);
    expect(mailSince(mailBefore)).toEqual([]);

    const accepted = idea(author.id, "green-city");
    changeStatus({ ideaId: accepted.id, actorId: ids.moderator, to: "accepted" });
    notesBefore = lastId(notifications);
    mailBefore = lastId(outbox);
    expect((await link("moderator", green, "idea", accepted.id)).status, "goal only").toBe(200);
    expect(notesSince(notesBefore)).toEqual([]);
    expect(mailSince(mailBefore)).toEqual([]);

    for (const to of ["in_progress", "implemented"] as const) {
      const taken = idea(author.id, "green-city");
      changeStatus({ ideaId: taken.id, actorId: ids.moderator, to: "accepted" });
      changeStatus({ ideaId: taken.id, actorId: ids.moderator, to: "in_progress" });
      if (to === "implemented") changeStatus({ ideaId: taken.id, actorId: ids.moderator, to: "implemented" });
      expect(getDb().select({ status: ideas.status }).from(ideas).where(eq(ideas.id, taken.id)).get()?.status).toBe(to);
      notesBefore = lastId(notifications);
      expect((await link("moderator", green, "idea", taken.id, m)).status, to).toBe(200);
      expect(notesSince(notesBefore).map((n) => [n.userId, n.kind, n.ideaId]), to).toEqual([[author.id, "plan", taken.id]]);
    }

    // A refused link (again) tells nobody a second time.
    changeStatus({ ideaId: accepted.id, actorId: ids.moderator, to: "in_progress" });
    expect((await link("moderator", green, "idea", accepted.id, m)).status).toBe(200);
    notesBefore = lastId(notifications);
    mailBefore = lastId(outbox);
    expect((await link("moderator", green, "idea", accepted.id, m)).status).toBe(409);
    expect(notesSince(notesBefore)).toEqual([]);
    expect(mailSince(mailBefore)).toEqual([]);
  });

  it("unlinks: the link goes, with an audit entry, and the idea leaves the other goal's page", async () => {
    const jobs = goal("jobs-economy").id;
    const m = createMeasure(jobs, measureValues("სამუშაო ბაზრობა"), ids.admin);
    const published = idea(ids.elvin, "mobility");
    expect((await link("moderator", jobs, "idea", published.id, m)).status).toBe(200);
    expect((await goalPage(null, jobs)).data!.ideas.map((i) => i.id)).toContain(published.id);
    const [made] = linksOf("idea", published.id);
    const auditBefore = lastId(auditLog);
    const response = await unlink("admin", jobs, made!.id);
    expect(response.status).toBe(200);
    expect(((await response.json()) as HubReply).done).toBe("unlinked");
    expect(linksOf("idea", published.id)).toEqual([]);
    expect(auditSince(auditBefore)).toEqual([expect.objectContaining({ actorId: ids.admin, action: "plan.unlinked", targetType: "goal", targetId: String(jobs) })]);
    expect((await goalPage(null, jobs)).data!.ideas.map((i) => i.id)).not.toContain(published.id);
    // Its own goal still lists it.
    expect((await goalPage(null, goal("mobility").id)).data!.ideas.map((i) => i.id)).toContain(published.id);
    // Malformed link ids are refused; an unknown one changes nothing.
    expect((await call(hubAction, post("admin", "/hub/plan", [["intent", "unlink"], ["goal", String(jobs)], ["link", "abc"]]))).status).toBe(400);
    const audit = lastId(auditLog);
    const gone = await unlink("admin", jobs, 999_999);
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as HubReply).refused).toBe("linkGone");
    expect(lastId(auditLog)).toBe(audit);
  });

  it("shows each goal's 10 newest links, and all of one goal when asked", async () => {
    const culture = goal("youth-culture").id;
    const made: number[] = [];
    for (let i = 0; i < 12; i++) {
      const option = idea(ids.elvin, "mobility");
      expect((await link("moderator", culture, "idea", option.id)).status).toBe(200);
      made.push(option.id);
    }
    type HubGoals = { goals: Array<{ id: number; total: number; allLinks: boolean; links: Array<{ targetId: number }> }> };
    const hub = async (query: string) => ((await (await call(hubLoader, get("moderator", `/hub/plan${query}`))).json()) as HubGoals).goals.find((g) => g.id === culture)!;
    const some = await hub("");
    expect(some.total).toBeGreaterThanOrEqual(12);
    expect(some.links.map((l) => l.targetId)).toEqual(made.slice(-10).reverse());
    const all = await hub(`?links=${culture}`);
    expect(all.allLinks).toBe(true);
    expect(all.links).toHaveLength(all.total);
    expect(all.links.map((l) => l.targetId)).toEqual(expect.arrayContaining(made));
    // Another goal's are still cut to 10.
    expect((await hub("?links=abc")).links).toHaveLength(10);
  });
});

// ─── You said, we did ───────────────────────────────────────────────────────────────────

let surveyCount = 0;
/** A published survey with one question, closed `daysAgo` days ago. */
function closedSurvey(title: string, daysAgo: number) {
  surveyCount += 1;
  const id = createSurvey(
    {
      title: { ka: title, en: `${title} (en)` },
      description: {},
      opensAt: new Date(Date.now() - (daysAgo + 14) * DAY),
      closesAt: new Date(Date.now() - daysAgo * DAY),
      audience: "residents",
      anonymous: true,
      onePerPerson: true,
      demographics: false,
      publicCrosstabs: false,
    },
    ids.admin,
  );
  const added = addQuestion(id, getSurvey(id)!.sections[0]!.id, { type: "single", text: { ka: `კითხვა ${surveyCount}`, en: `Question ${surveyCount}` }, help: {}, required: false, settings: {}, condition: null, options: [{ ka: "კი" }, { ka: "არა" }] }, ids.admin);
  if (!added.ok) throw new Error(added.reason);
  setSurveyPublished(id, true, ids.admin);
  return { id, questionId: added.id };
}

describe("you said, we did", () => {
  const story = { round: 0, survey: 0, questionId: 0, idea: 0, olderIdea: 0, measure: 0, goal: 0, otherGoal: 0, district: 0, otherDistrict: 0 };

  beforeAll(async () => {
    story.goal = goal("youth-culture").id;
    story.otherGoal = goal("clean-air").id;
    story.district = districts[2]!;
    story.otherDistrict = districts[3]!;
    story.round = createRound({
      title: { ka: "ახალგაზრდული სივრცე", en: "Youth space vote" },
      description: {},
      method: "approval",
      maxChoices: 1,
      published: true,
      resultsShown: "after",
      opensAt: new Date(Date.now() - 20 * DAY),
      closesAt: new Date(Date.now() - 2 * DAY),
      options: [
        { title: { ka: "სკეიტპარკი", en: "Skate park" }, description: {}, goalId: story.goal },
        { title: { ka: "თეატრი", en: "Theatre" }, description: {}, goalId: null },
      ],
    });
    // An unpublished closed round and a still open survey are not listed.
    createRound({ title: { ka: "მონახაზი", en: "Draft vote" }, description: {}, method: "approval", maxChoices: 1, published: false, opensAt: new Date(Date.now() - 20 * DAY), closesAt: new Date(Date.now() - DAY), options: [] });
    const survey = closedSurvey("ახალგაზრდების გამოკითხვა", 1);
    story.survey = survey.id;
    story.questionId = survey.questionId;
    expect((await link("moderator", story.goal, "question", survey.questionId)).status).toBe(200);

    story.measure = createMeasure(story.goal, measureValues("ახალგაზრდული ცენტრი", { title: { ka: "ახალგაზრდული ცენტრი", en: "A youth centre" }, progress: 20, status: "in_progress" }), ids.admin);
    const newer = idea(ids.nino, "youth-culture", { districtId: story.district, title: "ახალგაზრდული ცენტრი ბიბლიოთეკაში" });
    changeStatus({ ideaId: newer.id, actorId: ids.moderator, to: "accepted", answer: "ცენტრი გაიხსნება 2027 წელს." });
    expect((await link("moderator", story.goal, "idea", newer.id, story.measure)).status).toBe(200);
    story.idea = newer.id;
    const older = idea(ids.irina, "youth-culture", { districtId: story.district, title: "სპორტული მოედანი" });
    changeStatus({ ideaId: older.id, actorId: ids.moderator, to: "accepted", answer: "მოედანი უკვე გეგმაშია.", now: Date.now() - 3 * DAY });
    story.olderIdea = older.id;
    // Published, rejected and hidden ideas are not "taken up".
    idea(ids.nino, "youth-culture", { districtId: story.district });
    const hidden = idea(ids.nino, "youth-culture", { districtId: story.district });
    changeStatus({ ideaId: hidden.id, actorId: ids.moderator, to: "accepted" });
    setIdeaHidden({ ideaId: hidden.id, actorId: ids.moderator, hidden: true, reason: "offensive" });
  });

  const keys = (data: ResultsPage) => data.items.map((i) => i.key);
  const ours = () => [`i${story.idea}`, `s${story.survey}`, `r${story.round}`, `i${story.olderIdea}`];

  it("lists a closed vote, a closed survey and taken-up ideas with the measure each went to, newest first", async () => {
    const data = await results();
    expect(data.title).toBe("You said, we did");
    // Newest first across kinds: the idea accepted now, the survey closed yesterday, the vote two days ago, the idea accepted three days ago.
    expect(keys(data).filter((k) => ours().includes(k))).toEqual(ours());
    const at = data.items.map((i) => i.at);
    expect(at).toEqual([...at].sort((a, b) => b - a));
    expect(data.items.find((i) => i.key === `r${story.round}`)).toMatchObject({ kind: "round", title: "Youth space vote", decided: ["Skate park"] });
    expect(data.items.find((i) => i.key === `s${story.survey}`)).toMatchObject({ kind: "survey", title: "ახალგაზრდების გამოკითხვა (en)" });
    expect(data.items.find((i) => i.key === `i${story.idea}`)).toMatchObject({
      kind: "idea",
      title: "ახალგაზრდული ცენტრი ბიბლიოთეკაში",
      status: "accepted",
      answer: "ცენტრი გაიხსნება 2027 წელს.",
      measures: [{ title: "A youth centre", goalId: story.goal, progress: expect.stringMatching(/^20\s%$/) }],
    });
    expect(data.items.find((i) => i.key === `i${story.olderIdea}`)).toMatchObject({ kind: "idea", answer: "მოედანი უკვე გეგმაშია.", measures: [] });
    // Nothing unpublished, open, merely published or hidden.
    expect(data.items.filter((i) => i.kind === "round").map((i) => i.title)).not.toContain("Draft vote");
    const listedIdeas = data.items.filter((i) => i.kind === "idea").map((i) => i.id);
    const allowed = getDb().all<{ id: number }>(sql`select id from ideas where status in ('accepted', 'in_progress', 'implemented') and hidden = 0`).map((r) => r.id);
    expect(listedIdeas.sort()).toEqual(allowed.sort());
  });

  it("filters by goal: votes with an option of the goal, surveys with a linked question, ideas of the goal", async () => {
    const byGoal = await results(`goal=${story.goal}`);
    expect(byGoal.filter).toEqual({ goal: story.goal });
    expect(keys(byGoal)).toEqual(ours());
    const other = await results(`goal=${story.otherGoal}`);
    expect(keys(other).filter((k) => ours().includes(k))).toEqual([]);
    // An idea of another goal, linked to this one, is listed under both; unlinked, under its own only.
    const linked = idea(ids.elvin, "clean-air", { districtId: story.otherDistrict, title: "ჰაერის სენსორები სკოლებთან" });
    changeStatus({ ideaId: linked.id, actorId: ids.moderator, to: "accepted", answer: "სენსორები დამონტაჟდება." });
    expect(keys(await results(`goal=${story.goal}`))).not.toContain(`i${linked.id}`);
    expect((await link("moderator", story.goal, "idea", linked.id)).status).toBe(200);
    expect(keys(await results(`goal=${story.goal}`))).toContain(`i${linked.id}`);
    expect(keys(await results(`goal=${story.otherGoal}`))).toContain(`i${linked.id}`);
    const [made] = linksOf("idea", linked.id);
    expect((await unlink("moderator", story.goal, made!.id)).status).toBe(200);
    expect(keys(await results(`goal=${story.goal}`))).not.toContain(`i${linked.id}`);
    changeStatus({ ideaId: linked.id, actorId: ids.moderator, to: "rejected", answer: "უკვე გაკეთდა." });
  });

  it("filters ideas by district; votes and surveys are city-wide", async () => {
    const here = await results(`district=${story.district}`);
    expect(keys(here).filter((k) => ours().includes(k))).toEqual(ours());
    expect(here.items.filter((i) => i.kind === "idea").every((i) => getDb().select({ d: ideas.districtId }).from(ideas).where(eq(ideas.id, i.id)).get()?.d === story.district)).toBe(true);
    const elsewhere = await results(`district=${story.otherDistrict}`);
    expect(keys(elsewhere).filter((k) => ours().includes(k))).toEqual([`s${story.survey}`, `r${story.round}`]);
    const both = await results(`district=${story.otherDistrict}&goal=${story.goal}`);
    expect(keys(both)).toEqual([`s${story.survey}`, `r${story.round}`]);
  });

  it("falls back to everything for garbage filters (200, no filter)", async () => {
    const all = keys(await results());
    for (const query of ["goal=abc", "district=-1", "goal=0&district=1.5", "goal=%27%3B--", "district=", "goal=1e3x", "goal[]=1", "district=99999999999999999999"]) {
      const data = await results(query);
      expect(data.filter, query).toEqual({});
      expect(keys(data), query).toEqual(all);
    }
    // An unknown but well-formed goal or district simply matches nothing of ours.
    const unknown = await results("goal=999999&district=999999");
    expect(unknown.items).toEqual([]);
  });
});
