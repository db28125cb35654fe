// Voting rounds in the hub, as staff use them: who may enter, the new-round form, options (with
// links to ideas), publishing, closing, what may still change once voting has started, paper
// ballots, Pabulib import and export, and that no staff page says who voted for what.
import { count, eq, gt } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, ballotChoices, ballots, roundOptionIdeas, rounds, users } from "#db/schema";
import { toLocalTime } from "~/domain/rounds";
import type { RoundSettingsFields } from "~/domain/rounds-forms.server";
import { createIdea } from "~/models/ideas.server";
import { getMunicipality, listDistricts, listGoals } from "~/models/municipality.server";
import { castBallot, createRound, getRound, type NewRound } from "~/models/rounds.server";
import { createUser } from "~/models/users.server";
import { getDb } from "~/utils/db.server";
import { signedInDemo, type DemoName } from "../../test/accounts";
import { call, getRequest, ORIGIN, sessionCookieFor } from "../../test/requests";
import { loader as apiLoader } from "./api.v1.rounds.$id.results";
import { action as roundAction, loader as roundLoader } from "./hub.rounds.$id";
import { loader as exportLoader } from "./hub.rounds.$id_.ballots[.]pb";
import { action as optionAction, loader as optionLoader } from "./hub.rounds.$id_.options.$optionId";
import { action as paperAction, loader as paperLoader } from "./hub.rounds.$id_.paper";
import { action as importAction, loader as listLoader } from "./hub.rounds._index";
import { action as newAction, loader as newLoader } from "./hub.rounds.new";
import { loader as resultsLoader } from "./rounds.$id_.results";
import { loader as publicListLoader } from "./rounds._index";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Who = DemoName | null;
let cookies = {} as Record<DemoName, string>;
let ids = {} as Record<DemoName, number>;
let districts: number[] = [];
let goalId = 0;

beforeAll(async () => {
  ({ ids, cookies } = await signedInDemo());
  districts = listDistricts().map((d) => d.id);
  goalId = listGoals()[0]!.id;
});

function headers(who: Who | string): Record<string, string> {
  if (!who) return {};
  return { Cookie: who in cookies ? cookies[who as DemoName] : who };
}

function get(who: Who | string, path: string) {
  return getRequest(path, headers(who));
}

function post(who: Who | string, path: string, fields: Array<[string, string]> | FormData) {
  const body = fields instanceof FormData ? fields : new URLSearchParams(fields);
  return new Request(`${ORIGIN}${path}`, { method: "POST", body, headers: headers(who) });
}

function act(who: Who, roundId: number, fields: Array<[string, string]>) {
  return call(roundAction, post(who, `/hub/rounds/${roundId}`, fields), { id: String(roundId) });
}

function hubPage(who: Who, roundId: number, query = "") {
  return call(roundLoader, get(who, `/hub/rounds/${roundId}${query}`), { id: String(roundId) });
}

// ─── The database ───────────────────────────────────────────────────────────────────────

function roundCount() {
  return getDb().select({ n: count() }).from(rounds).get()?.n ?? 0;
}

function ballotsOf(roundId: number) {
  return getDb().select().from(ballots).where(eq(ballots.roundId, roundId)).orderBy(ballots.id).all();
}

function lastAuditId() {
  return getDb().select({ id: auditLog.id }).from(auditLog).orderBy(auditLog.id).all().at(-1)?.id ?? 0;
}

function auditSince(since: number) {
  return getDb().select().from(auditLog).where(gt(auditLog.id, since)).all();
}

// ─── Forms ──────────────────────────────────────────────────────────────────────────────

const local = (at: Date) => toLocalTime(at, getMunicipality().timeZone);

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

/** The new-round form filled in for an approval round next month; every input the page has. */
function settingsForm(overrides: Record<string, unknown> = {}): Array<[string, string]> {
  const opens = new Date(Date.now() + 30 * DAY);
  return entries({
    title: { ka: "ქალაქის პრიორიტეტები", en: "City priorities", az: "", ru: "" },
    description: { ka: "აირჩიეთ სამამდე", en: "", az: "", ru: "" },
    method: "approval",
    maxChoices: "3",
    pointsTotal: "",
    pointsPerOption: "",
    budget: "",
    budgetRule: "",
    opensAt: local(opens),
    closesAt: local(new Date(opens.getTime() + 14 * DAY)),
    eligibility: "residents",
    resultsShown: "after",
    ...overrides,
  });
}

function optionForm(title: string, extra: Record<string, string> = {}): Array<[string, string]> {
  return [["intent", "addOption"], ...entries({ title: { ka: title, en: "", az: "", ru: "" }, description: { ka: `${title}: აღწერა`, en: "", az: "", ru: "" }, cost: "", goalId: "", ideas: "", ...extra })];
}

type Reply = { status?: string; error?: Record<string, string[] | null> };
type RoundReply = { done: string | null; refused: string | null; settings: Reply | null; option: Reply | null };

async function createViaForm(overrides: Record<string, unknown> = {}): Promise<number> {
  const response = await call(newAction, post("admin", "/hub/rounds/new", settingsForm(overrides)));
  expect(response.status).toBe(302);
  return Number(/^\/hub\/rounds\/(\d+)/.exec(response.headers.get("Location") ?? "")?.[1]);
}

async function addOptions(roundId: number, titles: string[], extra: Record<string, string> = {}) {
  for (const title of titles) {
    const response = await act("admin", roundId, optionForm(title, extra));
    expect(response.status, title).toBe(200);
  }
}

/** An open round made through the hub: created with opening time in the past, two options, published. */
async function openViaHub(overrides: Record<string, unknown> = {}): Promise<number> {
  const id = await createViaForm({ opensAt: local(new Date(Date.now() - 2 * HOUR)), closesAt: local(new Date(Date.now() + 5 * DAY)), ...overrides });
  await addOptions(id, ["პარკი", "ავტობუსი"]);
  expect(((await (await act("admin", id, [["intent", "publish"]])).json()) as RoundReply).done).toBe("published");
  return id;
}

function openRound(extra: Partial<NewRound> = {}, titles = ["Parks", "Buses", "Clean air"]) {
  const id = createRound({
    title: { ka: "ღია", en: "Open vote" },
    description: { ka: "" },
    method: "approval",
    maxChoices: 2,
    published: true,
    resultsShown: "after",
    opensAt: new Date(Date.now() - DAY),
    closesAt: new Date(Date.now() + 7 * DAY),
    ...extra,
    options: titles.map((t, i) => ({ title: { ka: `${t} ka`, en: t }, description: { ka: "" }, cost: extra.method === "budget" ? 10_000 * (i + 1) : null })),
  });
  return { id, options: getRound(id)!.options.map((o) => o.id) };
}

let voterCount = 0;
async function voter(districtId: number | null = null) {
  voterCount += 1;
  const email = `hub-voter${voterCount}@rounds-hub.test`;
  const name = `Hubvoter Person${voterCount}`;
  const user = createUser({ displayName: name, identifier: { kind: "email", value: email }, passwordHash: "x" })!;
  getDb().update(users).set({ districtId }).where(eq(users.id, user.id)).run();
  return { id: user.id, email, name, cookie: await sessionCookieFor(user.id) };
}

// ─── Who may enter ──────────────────────────────────────────────────────────────────────

describe("the hub's round pages are for staff only", () => {
  it("/hub/rounds: anonymous visitors sign in, residents get 403, moderators and admins see every round", async () => {
    const draft = createRound({ title: { ka: "მონახაზი", en: "Staff list draft" }, description: {}, method: "approval", maxChoices: 1, opensAt: new Date(Date.now() + DAY), closesAt: new Date(Date.now() + 2 * DAY), options: [] });
    const anonymous = await call(listLoader, get(null, "/hub/rounds"));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe("/login?redirectTo=%2Fhub%2Frounds");
    for (const who of ["nino", "irina", "elvin"] as const) expect((await call(listLoader, get(who, "/hub/rounds"))).status, who).toBe(403);
    for (const who of ["moderator", "admin"] as const) {
      const response = await call(listLoader, get(who, "/hub/rounds?lng=en"));
      expect(response.status).toBe(200);
      const data = (await response.json()) as { rounds: Array<{ id: number; title: string; phase: string }> };
      expect(data.rounds).toContainEqual(expect.objectContaining({ id: draft, title: "Staff list draft", phase: "draft" }));
    }
  });

  it("residents cannot create, change, publish, close, enter paper ballots, import or export, and nothing changes", async () => {
    const round = openRound();
    const draft = createRound({ title: { ka: "მონახაზი" }, description: {}, method: "approval", maxChoices: 1, opensAt: new Date(Date.now() + DAY), closesAt: new Date(Date.now() + 2 * DAY), options: [{ title: { ka: "ა" }, description: {} }, { title: { ka: "ბ" }, description: {} }] });
    const roundsBefore = roundCount();
    const auditBefore = lastAuditId();
    const snapshot = () => ({ round: getRound(round.id), draft: getRound(draft), ballots: ballotsOf(round.id) });
    const before = snapshot();
    const pb = new FormData();
    pb.append("file", new File(["META\nkey;value\nbudget;1\nPROJECTS\nproject_id;cost\n1;1\nVOTES\nvoter_id;vote\n1;1\n"], "x.pb"));
    for (const who of ["nino", "elvin"] as const) {
      const attempts: Array<[string, Promise<Response>]> = [
        ["new page", call(newLoader, get(who, "/hub/rounds/new"))],
        ["new", call(newAction, post(who, "/hub/rounds/new", settingsForm()))],
        ["page", hubPage(who, round.id)],
        ["publish", act(who, draft, [["intent", "publish"]])],
        ["addOption", act(who, draft, optionForm("ახალი"))],
        ["delete", act(who, draft, [["intent", "delete"], ["option", String(getRound(draft)!.options[0]!.id)]])],
        ["close", act(who, round.id, [["intent", "close"]])],
        ["settings", act(who, round.id, [["intent", "settings"], ...settingsForm()])],
        ["paper page", call(paperLoader, get(who, `/hub/rounds/${round.id}/paper`), { id: String(round.id) })],
        ["paper", call(paperAction, post(who, `/hub/rounds/${round.id}/paper`, [["option", String(round.options[0])]]), { id: String(round.id) })],
        ["option page", call(optionLoader, get(who, `/hub/rounds/${round.id}/options/${round.options[0]}`), { id: String(round.id), optionId: String(round.options[0]) })],
        ["option edit", call(optionAction, post(who, `/hub/rounds/${round.id}/options/${round.options[0]}`, entries({ title: { ka: "შეცვლილი" } })), { id: String(round.id), optionId: String(round.options[0]) })],
        ["import", call(importAction, post(who, "/hub/rounds", pb))],
        ["export", call(exportLoader, get(who, `/hub/rounds/${round.id}/ballots.pb`), { id: String(round.id) })],
      ];
      for (const [name, attempt] of attempts) expect((await attempt).status, `${who} ${name}`).toBe(403);
    }
    const anonymous = await act(null, round.id, [["intent", "close"]]);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    expect(snapshot()).toEqual(before);
    expect(roundCount()).toBe(roundsBefore);
    expect(lastAuditId()).toBe(auditBefore);
  });
});

// ─── A new round ────────────────────────────────────────────────────────────────────────

describe("the new-round form", () => {
  it("offers a draft starting tomorrow at 09:00, with the districts and goals to choose from", async () => {
    const response = await call(newLoader, get("moderator", "/hub/rounds/new?lng=en"));
    expect(response.status).toBe(200);
    const data = (await response.json()) as { defaults: RoundSettingsFields; districts: Array<{ value: number }> };
    expect(data.defaults.opensAt).toBe(`${local(new Date(Date.now() + DAY)).slice(0, 10)}T09:00`);
    expect(data.districts.map((d) => d.value)).toEqual(districts);
  });

  describe("refuses bad input with 400, the field's code, and stores nothing", () => {
    const now = Date.now();
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      ["no Georgian title", { title: { ka: "", en: "Only English" } }, "title.ka", "required"],
      ["a one-letter Georgian title", { title: { ka: "ა" } }, "title.ka", "tooShort:2"],
      ["a 161-character title", { title: { ka: "ა".repeat(161) } }, "title.ka", "tooLong:160"],
      ["closing before opening", { opensAt: local(new Date(now + 10 * DAY)), closesAt: local(new Date(now + 9 * DAY)) }, "closesAt", "closesBeforeOpens"],
      ["closing when it opens", { opensAt: "2031-03-01T09:00", closesAt: "2031-03-01T09:00" }, "closesAt", "closesBeforeOpens"],
      ["a budget of “abc”", { method: "budget", budget: "abc", budgetRule: "greedy", maxChoices: "" }, "budget", "wholeNumber"],
      ["a budget round without a budget", { method: "budget", budget: "", budgetRule: "mes", maxChoices: "" }, "budget", "required"],
      ["a budget round without a rule", { method: "budget", budget: "100000", budgetRule: "", maxChoices: "" }, "budgetRule", "choose"],
      ["an approval round without a maximum", { maxChoices: "" }, "maxChoices", "required"],
      ["a maximum of 0", { maxChoices: "0" }, "maxChoices", "atLeast:1"],
      ["a points round without points", { method: "points", maxChoices: "", pointsTotal: "" }, "pointsTotal", "required"],
      ["more points on one option than in all", { method: "points", maxChoices: "", pointsTotal: "5", pointsPerOption: "6" }, "pointsPerOption", "atMost:5"],
      ["an unknown method", { method: "lottery" }, "method", "choose"],
      ["a date that is not a time", { opensAt: "next monday" }, "opensAt", "dateTime"],
      ["30 February", { opensAt: "2031-02-30T09:00", closesAt: "2031-03-20T09:00" }, "opensAt", "dateTime"],
      ["district eligibility without districts", { eligibility: "districts" }, "districts", "chooseDistricts"],
    ];
    it.each(cases)("%s", async (_name, overrides, field, code) => {
      const before = { rounds: roundCount(), audit: lastAuditId() };
      const response = await call(newAction, post("admin", "/hub/rounds/new", settingsForm(overrides)));
      expect(response.status).toBe(400);
      const body = (await response.json()) as { result: Reply };
      expect(body.result.status).toBe("error");
      expect(body.result.error?.[field], JSON.stringify(body.result.error)).toContain(code);
      expect({ rounds: roundCount(), audit: lastAuditId() }).toEqual(before);
    });
  });

  it("stores a valid round as a draft, with times read in Tbilisi time, keeps only its method's fields, and audits it", async () => {
    const before = lastAuditId();
    const response = await call(
      newAction,
      post(
        "moderator",
        "/hub/rounds/new",
        settingsForm({ method: "budget", maxChoices: "3", pointsTotal: "10", budget: "500 000", budgetRule: "mes", opensAt: "2031-05-01T09:00", closesAt: "2031-05-15T20:00", eligibility: "districts", districts: [districts[0], districts[1], districts[0]], resultsShown: "live" }),
      ),
    );
    expect(response.status).toBe(302);
    const location = response.headers.get("Location") ?? "";
    expect(location).toMatch(/^\/hub\/rounds\/\d+\?created=1$/);
    const id = Number(/(\d+)/.exec(location)?.[1]);
    const round = getRound(id)!;
    expect(round).toMatchObject({
      published: false,
      title: { ka: "ქალაქის პრიორიტეტები", en: "City priorities" },
      description: { ka: "აირჩიეთ სამამდე" },
      method: "budget",
      maxChoices: null,
      pointsTotal: null,
      budget: 500_000,
      budgetRule: "mes",
      eligibility: "districts",
      eligibleDistricts: [districts[0], districts[1]],
      resultsShown: "live",
      options: [],
    });
    // Tbilisi is UTC+4 all year.
    expect(round.opensAt.toISOString()).toBe("2031-05-01T05:00:00.000Z");
    expect(round.closesAt.toISOString()).toBe("2031-05-15T16:00:00.000Z");
    expect(auditSince(before).map((a) => [a.action, a.targetType, a.targetId, a.actorId])).toEqual([["round.created", "round", String(id), ids.moderator]]);

    // The new draft is not public.
    const list = await (await call(publicListLoader, get(null, "/rounds?lng=en"))).text();
    expect(list).not.toContain(`"id":${id},`);

    const page = await hubPage("moderator", id);
    expect(page.status).toBe(200);
    expect(((await page.json()) as { phase: string; locked: boolean }) ).toMatchObject({ phase: "draft", locked: false });
  });
});

// ─── Options and publishing ─────────────────────────────────────────────────────────────

describe("building a round: options, order, publishing", () => {
  it("adds options, links them to ideas, refuses an unknown idea number, and publishes only with two options", async () => {
    const id = await createViaForm();
    const idea = createIdea({ authorId: ids.nino, title: "A park by the river", description: "A park by the river, described at some length.", goalId, districtId: districts[0]!, moderation: "post" });

    // One option is not enough to publish.
    await addOptions(id, ["მდინარის პარკი"]);
    const tooFew = await act("admin", id, [["intent", "publish"]]);
    expect(tooFew.status).toBe(409);
    expect(((await tooFew.json()) as RoundReply).refused).toBe("noOptions");
    expect(getRound(id)!.published).toBe(false);

    // An unknown idea number is a field error, and no option is added.
    const unknown = await act("admin", id, optionForm("ავტობუსი", { ideas: `#${idea}, 999999` }));
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as RoundReply).option?.error?.ideas).toEqual(["unknownIdea:999999"]);
    const bad = await act("admin", id, optionForm("ავტობუსი", { ideas: "park" }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as RoundReply).option?.error?.ideas).toEqual(["ideaNumbers"]);
    const untitled = await act("admin", id, optionForm(""));
    expect(untitled.status).toBe(400);
    expect(((await untitled.json()) as RoundReply).option?.error?.["title.ka"]).toContain("required");
    expect(getRound(id)!.options).toHaveLength(1);

    // A known idea is linked, written as the hub writes it.
    const added = await act("admin", id, optionForm("ავტობუსი", { ideas: `#${idea}`, goalId: String(goalId) }));
    expect(added.status).toBe(200);
    expect(((await added.json()) as RoundReply).done).toBe("optionAdded");
    const round = getRound(id)!;
    expect(round.options.map((o) => o.title.ka)).toEqual(["მდინარის პარკი", "ავტობუსი"]);
    expect(round.options[1]).toMatchObject({ goalId, cost: null, ideas: [expect.objectContaining({ id: idea, title: "A park by the river" })] });
    expect(getDb().select().from(roundOptionIdeas).where(eq(roundOptionIdeas.optionId, round.options[1]!.id)).all()).toEqual([{ optionId: round.options[1]!.id, ideaId: idea }]);

    const auditBefore = lastAuditId();
    const published = await act("moderator", id, [["intent", "publish"]]);
    expect(published.status).toBe(200);
    expect(((await published.json()) as RoundReply).done).toBe("published");
    expect(getRound(id)!.published).toBe(true);
    expect(auditSince(auditBefore).map((a) => [a.action, a.actorId])).toEqual([["round.published", ids.moderator]]);
    const list = (await (await call(publicListLoader, get(null, "/rounds"))).json()) as { current: Array<{ id: number; phase: string }> };
    expect(list.current).toContainEqual(expect.objectContaining({ id, phase: "upcoming" }));

    // Before it opens it can be taken back.
    expect(((await (await act("moderator", id, [["intent", "unpublish"]])).json()) as RoundReply).done).toBe("unpublished");
    expect(getRound(id)!.published).toBe(false);
  });

  it("refuses to publish a budget round with an option without a cost or one above the budget", async () => {
    const id = await createViaForm({ method: "budget", maxChoices: "", budget: "100000", budgetRule: "greedy" });
    await addOptions(id, ["სკვერი"], { cost: "40 000" });
    await addOptions(id, ["ბაღი"]);
    const missing = await act("admin", id, [["intent", "publish"]]);
    expect(missing.status).toBe(409);
    expect(((await missing.json()) as RoundReply).refused).toBe("missingCosts");
    const [, noCost] = getRound(id)!.options;
    expect((await act("admin", id, [["intent", "delete"], ["option", String(noCost!.id)]])).status).toBe(200);
    await addOptions(id, ["სტადიონი"], { cost: "150000" });
    const tooDear = await act("admin", id, [["intent", "publish"]]);
    expect(tooDear.status).toBe(409);
    expect(((await tooDear.json()) as RoundReply).refused).toBe("costAboveBudget");
    expect(getRound(id)!.published).toBe(false);
    expect(getRound(id)!.options.map((o) => o.cost)).toEqual([40_000, 150_000]);
  });

  it("moves options up and down and deletes them before voting starts", async () => {
    const id = await createViaForm();
    await addOptions(id, ["პარკი", "ბაღი", "გზა"]);
    const [a, b, c] = getRound(id)!.options.map((o) => o.id) as [number, number, number];
    expect((await act("admin", id, [["intent", "up"], ["option", String(c)]])).status).toBe(200);
    expect(getRound(id)!.options.map((o) => o.id)).toEqual([a, c, b]);
    expect((await act("admin", id, [["intent", "down"], ["option", String(a)]])).status).toBe(200);
    expect(getRound(id)!.options.map((o) => o.id)).toEqual([c, a, b]);
    // Up from the top goes nowhere.
    expect((await act("admin", id, [["intent", "up"], ["option", String(c)]])).status).toBe(409);
    expect((await act("admin", id, [["intent", "delete"], ["option", String(a)]])).status).toBe(200);
    expect(getRound(id)!.options.map((o) => o.id)).toEqual([c, b]);
    // An option of another round, or none at all.
    const other = openRound();
    expect((await act("admin", id, [["intent", "delete"], ["option", String(other.options[0])]])).status).toBe(409);
    expect(getRound(other.id)!.options).toHaveLength(3);
    expect((await act("admin", id, [["intent", "delete"], ["option", "abc"]])).status).toBe(400);
    expect((await act("admin", id, [["intent", "explode"]])).status).toBe(400);
    expect(getRound(id)!.options.map((o) => o.id)).toEqual([c, b]);
  });

  it("answers 404 for a round that does not exist", async () => {
    expect((await hubPage("admin", 999_999)).status).toBe(404);
    expect((await act("admin", 999_999, [["intent", "publish"]])).status).toBe(404);
    expect((await call(roundLoader, get("admin", "/hub/rounds/x"), { id: "x" })).status).toBe(404);
  });
});

// ─── Once voting has started ────────────────────────────────────────────────────────────

describe("once voting has started", () => {
  it("refuses to change the method or add options (409), but saves a title fix sent with the page's own form", async () => {
    const id = await openViaHub();
    const page = (await (await hubPage("admin", id)).json()) as { phase: string; locked: boolean; defaults: RoundSettingsFields };
    expect(page).toMatchObject({ phase: "open", locked: true });
    const before = getRound(id)!;

    const method = await act("admin", id, [["intent", "settings"], ...entries({ ...page.defaults, method: "ranked" })]);
    expect(method.status).toBe(409);
    expect(((await method.json()) as RoundReply).refused).toBe("locked");
    const maxChoices = await act("admin", id, [["intent", "settings"], ...entries({ ...page.defaults, maxChoices: "1" })]);
    expect(maxChoices.status).toBe(409);
    const addOption = await act("admin", id, optionForm("მესამე"));
    expect(addOption.status).toBe(409);
    expect(((await addOption.json()) as RoundReply).refused).toBe("locked");
    const remove = await act("admin", id, [["intent", "delete"], ["option", String(before.options[0]!.id)]]);
    expect(remove.status).toBe(409);
    expect((await act("admin", id, [["intent", "unpublish"]])).status).toBe(409);
    expect(getRound(id)).toEqual(before);

    const auditBefore = lastAuditId();
    const fixed = await act("admin", id, [["intent", "settings"], ...entries({ ...page.defaults, title: { ...page.defaults.title, ka: "ქალაქის პრიორიტეტები 2031" } })]);
    expect(fixed.status).toBe(200);
    expect(((await fixed.json()) as RoundReply).done).toBe("saved");
    expect(getRound(id)).toEqual({ ...before, title: { ka: "ქალაქის პრიორიტეტები 2031", en: "City priorities" } });
    expect(auditSince(auditBefore).map((a) => a.action)).toEqual(["round.reworded"]);
  });

  it("lets an open round's closing time move later, but not into the past", async () => {
    const id = await openViaHub();
    const { defaults } = (await (await hubPage("admin", id)).json()) as { defaults: RoundSettingsFields };
    const later = local(new Date(Date.now() + 20 * DAY));
    expect((await act("admin", id, [["intent", "settings"], ...entries({ ...defaults, closesAt: later })])).status).toBe(200);
    expect(local(getRound(id)!.closesAt)).toBe(later);
    const past = await act("admin", id, [["intent", "settings"], ...entries({ ...defaults, closesAt: local(new Date(Date.now() - HOUR)) })]);
    expect(past.status).toBe(409);
    expect(((await past.json()) as RoundReply).refused).toBe("closesInPast");
    expect(local(getRound(id)!.closesAt)).toBe(later);
  });

  it("closes an open round now, once: ballots are then refused and results public", async () => {
    const id = await openViaHub();
    const auditBefore = lastAuditId();
    const closed = await act("moderator", id, [["intent", "close"]]);
    expect(closed.status).toBe(200);
    expect(((await closed.json()) as RoundReply).done).toBe("closed");
    expect(getRound(id)!.closesAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(((await (await hubPage("admin", id)).json()) as { phase: string }).phase).toBe("closed");
    expect(auditSince(auditBefore).map((a) => [a.action, a.actorId])).toEqual([["round.closed", ids.moderator]]);
    const again = await act("moderator", id, [["intent", "close"]]);
    expect(again.status).toBe(409);
    expect(((await again.json()) as RoundReply).refused).toBe("notOpen");
    expect((await call(apiLoader, get(null, `/api/v1/rounds/${id}/results`), { id: String(id) })).status).toBe(200);
    // A draft cannot be closed either.
    const draft = await createViaForm();
    expect((await act("moderator", draft, [["intent", "close"]])).status).toBe(409);
  });

  it("on the option page, saves new wording but refuses a new cost once voting has started", async () => {
    const round = openRound({ method: "budget", maxChoices: null, budget: 100_000, budgetRule: "greedy" });
    const optionId = round.options[0]!;
    const path = `/hub/rounds/${round.id}/options/${optionId}`;
    const params = { id: String(round.id), optionId: String(optionId) };
    const page = (await (await call(optionLoader, get("admin", path), params)).json()) as { locked: boolean; defaults: Record<string, unknown> };
    expect(page.locked).toBe(true);
    const cost = await call(optionAction, post("admin", path, entries({ ...page.defaults, cost: "5" })), params);
    expect(cost.status).toBe(409);
    expect(((await cost.json()) as { refused: string }).refused).toBe("locked");
    expect(getRound(round.id)!.options[0]!.cost).toBe(10_000);
    const wording = await call(optionAction, post("admin", path, entries({ ...page.defaults, title: { ka: "პარკები (შესწორებული)", en: "Parks (fixed)" } })), params);
    expect(wording.status).toBe(302);
    expect(wording.headers.get("Location")).toBe(`/hub/rounds/${round.id}`);
    expect(getRound(round.id)!.options[0]).toMatchObject({ title: { ka: "პარკები (შესწორებული)", en: "Parks (fixed)" }, cost: 10_000 });
    // An option of another round is not found through this one.
    const other = openRound();
    expect((await call(optionLoader, get("admin", `/hub/rounds/${round.id}/options/${other.options[0]}`), { id: String(round.id), optionId: String(other.options[0]) })).status).toBe(404);
  });
});

// ─── Paper ballots ──────────────────────────────────────────────────────────────────────

describe("paper ballots", () => {
  it("are stored with channel paper, no account, the district, and the staff member who entered them, and are counted", async () => {
    const round = openRound();
    const [a, b, c] = round.options as [number, number, number];
    const path = `/hub/rounds/${round.id}/paper`;
    const params = { id: String(round.id) };
    expect((await call(paperLoader, get("moderator", path), params)).status).toBe(200);
    const auditBefore = lastAuditId();

    const response = await call(paperAction, post("moderator", path, [["district", String(districts[1])], ["option", String(a)], ["option", String(c)]]), params);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { error: string | null; entered: number };
    expect(body.error).toBeNull();
    const rows = ballotsOf(round.id);
    expect(rows).toEqual([expect.objectContaining({ id: body.entered, channel: "paper", userId: null, enteredBy: ids.moderator, districtId: districts[1] })]);
    expect(getDb().select().from(ballotChoices).where(eq(ballotChoices.ballotId, body.entered)).all().map((x) => x.optionId).sort((x, y) => x - y)).toEqual([a, c].sort((x, y) => x - y));
    expect(auditSince(auditBefore).map((x) => [x.action, x.actorId])).toEqual([["round.paperBallot", ids.moderator]]);

    // A second paper (no district given, or one that does not exist) is a second ballot, not a replacement.
    expect((await call(paperAction, post("admin", path, [["district", ""], ["option", String(a)]]), params)).status).toBe(200);
    expect((await call(paperAction, post("admin", path, [["district", "999999"], ["option", String(b)]]), params)).status).toBe(200);
    expect(ballotsOf(round.id).map((x) => [x.channel, x.districtId, x.enteredBy])).toEqual([
      ["paper", districts[1], ids.moderator],
      ["paper", null, ids.admin],
      ["paper", null, ids.admin],
    ]);

    // Counted in the results staff see (the round shows results after closing).
    const results = (await (await call(resultsLoader, get("admin", `/rounds/${round.id}/results`), params)).json()) as {
      results: { turnout: { total: number; byChannel: Array<{ channel: string; ballots: number }> }; options: Array<{ id: number; ballots: number }> };
    };
    // Three ballots in all: fewer than five, so the total and the channel are not shown as numbers.
    expect(results.results.turnout.total).toBeNull();
    expect(results.results.turnout.byChannel).toEqual([{ channel: "paper", ballots: null }]);
    expect(Object.fromEntries(results.results.options.map((o) => [o.id, o.ballots]))).toEqual({ [a]: 2, [b]: 1, [c]: 1 });
  });

  it("refuses an invalid paper ballot with 400 and the reason, and stores nothing", async () => {
    const round = openRound();
    const [a, b, c] = round.options as [number, number, number];
    const path = `/hub/rounds/${round.id}/paper`;
    const params = { id: String(round.id) };
    for (const [fields, error] of [
      [[["option", String(a)], ["option", String(b)], ["option", String(c)]], "tooManyChoices"],
      [[["district", String(districts[0])]], "empty"],
      [[["option", "999999"]], "unknownOption"],
    ] as const) {
      const response = await call(paperAction, post("admin", path, fields.map(([k, v]) => [k, v])), params);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toBe(error);
    }
    expect((await call(paperAction, post("admin", path, [["option", "abc"]]), params)).status).toBe(400);
    expect(ballotsOf(round.id)).toEqual([]);
  });

  it("are only for open or closed rounds: a draft or an upcoming round is 404", async () => {
    const draft = await createViaForm();
    await addOptions(draft, ["პარკი", "ბაღი"]);
    const upcoming = await createViaForm();
    await addOptions(upcoming, ["პარკი", "ბაღი"]);
    await act("admin", upcoming, [["intent", "publish"]]);
    for (const id of [draft, upcoming]) {
      const option = getRound(id)!.options[0]!.id;
      expect((await call(paperLoader, get("admin", `/hub/rounds/${id}/paper`), { id: String(id) })).status).toBe(404);
      expect((await call(paperAction, post("admin", `/hub/rounds/${id}/paper`, [["option", String(option)]]), { id: String(id) })).status).toBe(404);
      expect(ballotsOf(id)).toEqual([]);
    }
  });
});

// ─── Pabulib ────────────────────────────────────────────────────────────────────────────

const PB = [
  "META",
  "key;value",
  "description;მწვანე ბიუჯეტი",
  "country;Georgia",
  "unit;Rustavi",
  "instance;2025",
  "budget;1000",
  "vote_type;approval",
  "rule;greedy",
  "date_begin;1.03.2025",
  "date_end;15.03.2025",
  "PROJECTS",
  "project_id;cost;name",
  "p1;600;პარკი",
  "p2;300;სკვერი",
  "p3;250;ბაღი",
  "VOTES",
  "voter_id;vote",
  "a;p1,p2",
  "b;p1",
  "c;p3,p1",
  "d;p2",
].join("\n");

function upload(who: Who, text: string, name = "round.pb") {
  const data = new FormData();
  data.append("file", new File([text], name, { type: "application/octet-stream" }));
  return call(importAction, post(who, "/hub/rounds", data));
}

describe("Pabulib import", () => {
  it("turns an uploaded .pb file into a draft round with its options and anonymous ballots", async () => {
    const auditBefore = lastAuditId();
    const response = await upload("admin", PB);
    expect(response.status).toBe(302);
    const location = response.headers.get("Location") ?? "";
    expect(location).toMatch(/^\/hub\/rounds\/\d+\?imported=4$/);
    const id = Number(/(\d+)/.exec(location)?.[1]);
    const round = getRound(id)!;
    expect(round).toMatchObject({ published: false, title: { ka: "მწვანე ბიუჯეტი" }, method: "budget", budget: 1000, budgetRule: "greedy" });
    expect(round.options.map((o) => [o.title.ka, o.cost])).toEqual([
      ["პარკი", 600],
      ["სკვერი", 300],
      ["ბაღი", 250],
    ]);
    const rows = ballotsOf(id);
    expect(rows).toHaveLength(4);
    for (const b of rows) expect(b).toMatchObject({ channel: "import", userId: null, enteredBy: ids.admin, districtId: null });
    expect(auditSince(auditBefore).map((a) => [a.action, a.targetId, a.actorId])).toEqual([["round.imported", String(id), ids.admin]]);
    // The hub page of the new draft shows it with its ballots.
    const page = (await (await hubPage("admin", id, "?imported=4")).json()) as { phase: string; ballots: string; options: unknown[] };
    expect(page).toMatchObject({ phase: "draft", ballots: "4" });
    expect(page.options).toHaveLength(3);
  });

  it("refuses a broken file with 400 and the line at fault, and stores nothing", async () => {
    const before = { rounds: roundCount(), audit: lastAuditId() };
    const cases: Array<[string, string, number]> = [
      ["a cost that is not a number", PB.replace("p2;300;სკვერი", "p2;lots;სკვერი"), 15],
      ["a ballot naming an unknown project", PB.replace("b;p1", "b;p9"), 20],
      ["a project listed twice", PB.replace("p3;250;ბაღი", "p1;250;ბაღი"), 16],
    ];
    for (const [name, text, line] of cases) {
      const response = await upload("admin", text);
      expect(response.status, name).toBe(400);
      expect(await response.json(), name).toEqual({ error: "badFile", line });
    }
    const notPb = await upload("admin", "%PDF-1.7\n\u0000\u0001binary", "report.pdf");
    expect(notPb.status).toBe(400);
    expect(((await notPb.json()) as { error: string }).error).toBe("badFile");
    const noFile = await call(importAction, post("admin", "/hub/rounds", new FormData()));
    expect(noFile.status).toBe(400);
    expect(await noFile.json()).toEqual({ error: "noFile", line: null });
    const empty = await upload("admin", "", "empty.pb");
    expect(((await empty.json()) as { error: string }).error).toBe("noFile");
    expect({ rounds: roundCount(), audit: lastAuditId() }).toEqual(before);
  });
});

describe("Pabulib export", () => {
  it("downloads a round's ballots for staff as an attachment, anonymous and numbered 1..n", async () => {
    const round = openRound();
    const [a, b] = round.options as [number, number];
    const voters = [await voter(districts[0]!), await voter(districts[1]!), await voter(districts[1]!)];
    voters.forEach((v, i) => castBallot({ roundId: round.id, userId: v.id, districtId: null, choices: i === 2 ? [{ optionId: b }] : [{ optionId: a }, { optionId: b }] }));
    const auditBefore = lastAuditId();
    const response = await call(exportLoader, get("moderator", `/hub/rounds/${round.id}/ballots.pb?lng=en`), { id: String(round.id) });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="khma-round-${round.id}.pb"`);
    expect(response.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const text = await response.text();
    expect(text).toContain("description;Open vote");
    const lines = text.split("\n");
    const votes = lines.slice(lines.indexOf("VOTES") + 2).filter(Boolean);
    expect(votes).toHaveLength(3);
    expect(votes.map((l) => l.split(";")[0]).sort()).toEqual(["1", "2", "3"]);
    expect(votes.map((l) => l.split(";")[1]!.split(",").sort().join(",")).sort()).toEqual([String(b), [a, b].sort().join(","), [a, b].sort().join(",")].sort());
    for (const v of voters) {
      expect(text).not.toContain(v.email);
      expect(text).not.toContain(v.name);
      expect(votes.map((l) => l.split(";")[0])).not.toContain(String(v.id));
    }
    expect(text).not.toMatch(/@|online|paper|district/i);
    expect(auditSince(auditBefore).map((x) => [x.action, x.targetId, x.actorId])).toEqual([["round.exported", String(round.id), ids.moderator]]);
  });

  it("is for staff only: sign in, or 403; and 404 for a round that does not exist", async () => {
    const round = openRound();
    const anonymous = await call(exportLoader, get(null, `/hub/rounds/${round.id}/ballots.pb`), { id: String(round.id) });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    expect((await call(exportLoader, get("irina", `/hub/rounds/${round.id}/ballots.pb`), { id: String(round.id) })).status).toBe(403);
    expect((await call(exportLoader, get("admin", "/hub/rounds/999999/ballots.pb"), { id: "999999" })).status).toBe(404);
  });
});

// ─── Privacy ────────────────────────────────────────────────────────────────────────────

describe("staff pages never say who voted for what", () => {
  it("the hub round page, the staff results and the paper page carry no voter's id, e-mail or name", async () => {
    const round = openRound();
    const voters = [await voter(districts[0]!), await voter(districts[0]!)];
    for (const v of voters) castBallot({ roundId: round.id, userId: v.id, districtId: districts[0]!, choices: [{ optionId: round.options[0]! }] });
    const params = { id: String(round.id) };
    const texts = [
      await (await hubPage("admin", round.id, "?lng=en")).text(),
      await (await call(resultsLoader, get("admin", `/rounds/${round.id}/results?lng=en`), params)).text(),
      await (await call(paperLoader, get("admin", `/hub/rounds/${round.id}/paper?lng=en`), params)).text(),
    ];
    for (const text of texts) {
      expect(text).not.toMatch(/userId|user_id|email|displayName|enteredBy/i);
      for (const v of voters) {
        expect(text).not.toContain(v.email);
        expect(text).not.toContain(v.name);
      }
    }
    // Staff results report the two ballots only as "fewer than 5".
    expect(JSON.parse(texts[1]!)).toMatchObject({ staffOnly: true, results: { turnout: { total: null } } });
  });
});
