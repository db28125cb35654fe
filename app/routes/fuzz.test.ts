// Hostile input (issue 7): every loader and action of every route module, found by glob, gets
// generated requests: garbage path params and query strings, missing, duplicated and wrongly typed
// fields, 1 MB values, bytes that are not UTF-8, broken multipart, wrong Content-Types, JSON where a
// form is expected, forged cookies, and redirectTo values that try to leave the site. Each answer
// must be < 500 (a thrown Response is an answer; a thrown Error is a failure), a redirect must stay
// on the site, and a refused (4xx) POST must not have stored a row. Before that, payloads are stored
// through the real actions in every free-text field residents and staff write, and every page is
// rendered to check that they come out only as text. Afterwards the app still answers.
//
// The generator is seeded: FUZZ_SEED=<n> npx vitest run app/routes/fuzz.test.ts replays a run
// (the default seed is fixed, so CI is repeatable). A failure names its seed, case and request.
import type { ComponentType } from "react";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "#db/schema";
import { DEMO, signedInDemo, type DemoName } from "../../test/accounts";
import { renderHtml, renderPage } from "../../test/render";
import { blankPng } from "../../test/images";
import { call, context, cookieFrom, ORIGIN, sessionCookieFor, type DataFunction } from "../../test/requests";
import {
  caseSeed,
  encode,
  encodeComponent,
  forgedCookie,
  GARBAGE_IDS,
  garbageHeaders,
  garbageQuery,
  hostileValue,
  multipartBytes,
  mutate,
  preview,
  REDIRECT_TARGETS,
  rng,
  unsafeMarkup,
  urlencoded,
  XSS_PAYLOADS,
  type Body,
  type Fields,
  type Rng,
} from "../../test/fuzz";
import { toLocalTime } from "~/domain/rounds";
import { IDEA_STATUSES, REJECT_REASONS, REPORT_REASONS } from "~/domain/ideas";
import { AGE_BANDS, GENDERS, QUESTION_TYPES } from "~/domain/surveys";
import { addComment, changeStatus, createIdea } from "~/models/ideas.server";
import { getMunicipality, listDistricts, listGoals } from "~/models/municipality.server";
import { createMeasure, linkInput } from "~/models/plan.server";
import { createRound, getRound } from "~/models/rounds.server";
import { addQuestion, createSurvey, getSurvey, setSurveyPublished, submitResponse } from "~/models/surveys.server";
import { PRIVACY_NOTICE_VERSION } from "~/models/consents.server";
import { createUser } from "~/models/users.server";
import { getDb } from "~/utils/db.server";
import { hashPassword } from "~/utils/password.server";
import { exportColumns } from "~/utils/surveys-export.server";

// ─── The route modules ──────────────────────────────────────────────────────────────────

type RouteModule = { loader?: unknown; action?: unknown; default?: unknown };

const MODULES = import.meta.glob<RouteModule>(["./*.{ts,tsx}", "!./*.test.ts", "!./*.test.tsx"], { eager: true });

type Route = { file: string; pattern: string; params: string[]; module: RouteModule };

/** Remix's flat-routes file name as a URL pattern: "hub.plan_.measures.$id" → "/hub/plan/measures/:id". */
function routeOf(file: string, module: RouteModule): Route {
  const name = file.replace(/^\.\//, "").replace(/\.tsx?$/, "");
  const params: string[] = [];
  const segments = name
    .replace(/\[\.\]/g, "[dot]")
    .split(".")
    .flatMap((segment) => {
      const s = segment.replace(/\[dot\]/g, ".");
      if (s === "_index" || (s.startsWith("_") && s !== "_")) return [];
      if (s === "$") {
        params.push("*");
        return ["*"];
      }
      const bare = s.endsWith("_") ? s.slice(0, -1) : s;
      if (bare.startsWith("$")) {
        params.push(bare.slice(1));
        return [`:${bare.slice(1)}`];
      }
      return [bare];
    });
  return { file: name, pattern: `/${segments.join("/")}`, params, module };
}

const ROUTES: Route[] = Object.entries(MODULES)
  .map(([file, module]) => routeOf(file, module))
  .sort((a, b) => a.file.localeCompare(b.file));

const fnOf = (route: Route, kind: "loader" | "action") => route.module[kind] as DataFunction | undefined;

// ─── The run ────────────────────────────────────────────────────────────────────────────

const SEED = Number(process.env.FUZZ_SEED ?? 7_2026) >>> 0;
/** FUZZ_ONLY="login#A32" replays that one case (after the same fixtures, not the same history). */
const ONLY = process.env.FUZZ_ONLY ?? "";
/** Requests per loader and per action; the total must stay above 10,000. */
const LOADER_CASES = 56;
const ACTION_CASES = 250;

const stats = {
  requests: 0,
  byClass: { "1xx": 0, "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0, threw: 0 } as Record<string, number>,
  byStatus: new Map<number, number>(),
  rejectedPosts: 0,
  startedAt: 0,
  fuzzMs: 0,
  slowest: [] as Array<[string, number]>,
};

let addresses = 0;
/**
 * Every request from its own address: the per-address limits are tested elsewhere. The per-account
 * limits still apply, and a 429 is then the right answer: sign-ins (10 per account), reset codes
 * (3), ballots (30) and verification codes, for the few accounts the fuzzing uses again and again.
 */
function nextIp(): string {
  addresses += 1;
  return `10.${(addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}`;
}

type Who = "anonymous" | DemoName | "forged" | "doomed";
let demo: { ids: Record<DemoName, number>; cookies: Record<DemoName, string> };

// ─── Fixtures: something of every kind for the ids in paths and forms ───────────────────

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const fx = {
  goals: [] as number[],
  districts: [] as number[],
  ideas: [] as number[],
  comments: [] as number[],
  rounds: [] as Array<{ id: number; method: string; options: number[] }>,
  surveys: [] as number[],
  questions: new Map<number, Array<{ id: number; type: string; options: number[] }>>(),
  sections: new Map<number, number[]>(),
  measures: [] as number[],
  links: [] as number[],
  answers: [] as number[],
  /** Accounts with a known password, for sign-ins that succeed. */
  logins: [] as string[],
  /** Accounts with a known password for the redirectTo cases only (10 sign-ins each before the limit). */
  redirectLogins: [] as string[],
  /** Accounts /me/privacy may delete. */
  doomed: [] as number[],
  consents: [] as number[],
};
const FUZZ_PASSWORD = "fuzz-password-2030";

function makeFixtures(passwordHash: string) {
  fx.goals = listGoals().map((g) => g.id);
  fx.districts = listDistricts().map((d) => d.id);
  const [goal, district] = [fx.goals[0]!, fx.districts[0]!];
  const { nino, irina, admin } = demo.ids;
  for (let i = 0; i < 12; i++) {
    const email = `fuzz${i}@khma.test`;
    createUser({ displayName: `Fuzz Person ${i}`, identifier: { kind: "email", value: email }, passwordHash });
    fx.logins.push(email);
  }
  for (let i = 0; i < 8; i++) {
    const email = `redirect${i}@khma.test`;
    createUser({ displayName: `Redirect Person ${i}`, identifier: { kind: "email", value: email }, passwordHash });
    fx.redirectLogins.push(email);
  }
  for (let i = 0; i < 10; i++) {
    const user = createUser({ displayName: `Doomed Person ${i}`, identifier: { kind: "email", value: `doomed${i}@khma.test` }, passwordHash, consent: { kind: "privacy-notice", version: PRIVACY_NOTICE_VERSION } });
    fx.doomed.push(user!.id);
  }
  fx.consents = getDb().$client.prepare("select id from consents").pluck().all() as number[];
  const idea = (title: string, authorId = nino, moderation: "pre" | "post" = "post") =>
    createIdea({ authorId, title, description: `${title}: described at enough length to be an idea.`, goalId: goal, districtId: district, moderation });
  const published = idea("A published idea for the fuzz test");
  const other = idea("Another published idea, supported", irina);
  const submitted = idea("A submitted idea waiting for moderation", nino, "pre");
  const changes = idea("An idea sent back for changes", nino, "pre");
  changeStatus({ ideaId: changes, actorId: admin, to: "changes_requested", note: "Please say where." });
  const rejected = idea("A rejected idea", irina, "pre");
  changeStatus({ ideaId: rejected, actorId: admin, to: "rejected", reason: "off_topic" });
  const accepted = idea("An accepted idea");
  changeStatus({ ideaId: accepted, actorId: admin, to: "accepted", answer: "We will do it." });
  fx.ideas = [published, other, submitted, changes, rejected, accepted];
  const c = addComment({ ideaId: published, authorId: irina, body: "A first comment." })!;
  fx.comments = [c, addComment({ ideaId: published, authorId: nino, body: "A reply.", parentId: c })!];

  const open = { opensAt: new Date(Date.now() - DAY), closesAt: new Date(Date.now() + 5 * DAY), published: true, resultsShown: "live" as const };
  const option = (t: string, cost: number | null = null) => ({ title: { ka: t, en: t }, description: { ka: `${t} აღწერა` }, cost, goalId: goal });
  const rounds: Array<Parameters<typeof createRound>[0]> = [
    { ...open, title: { ka: "მიდგომა", en: "Approval" }, description: {}, method: "approval", maxChoices: 2, options: [option("A"), option("B"), option("C")] },
    { ...open, title: { ka: "რანჟირება", en: "Ranked" }, description: {}, method: "ranked", maxChoices: 3, options: [option("A"), option("B"), option("C")] },
    { ...open, title: { ka: "ქულები", en: "Points" }, description: {}, method: "points", pointsTotal: 10, pointsPerOption: 5, options: [option("A"), option("B")] },
    { ...open, title: { ka: "ბიუჯეტი", en: "Budget" }, description: {}, method: "budget", budget: 100, budgetRule: "mes", options: [option("A", 60), option("B", 50)] },
    { ...open, title: { ka: "დახურული", en: "Closed" }, description: {}, method: "approval", maxChoices: 1, opensAt: new Date(Date.now() - 9 * DAY), closesAt: new Date(Date.now() - DAY), options: [option("A"), option("B")] },
    { ...open, title: { ka: "მონახაზი", en: "Draft" }, description: {}, method: "approval", maxChoices: 1, published: false, opensAt: new Date(Date.now() + DAY), closesAt: new Date(Date.now() + 9 * DAY), options: [option("A"), option("B")] },
  ];
  fx.rounds = rounds.map((r) => {
    const id = createRound(r);
    return { id, method: r.method, options: getRound(id)!.options.map((o) => o.id) };
  });

  const survey = (title: string, extra: Partial<Parameters<typeof createSurvey>[0]> = {}) =>
    createSurvey({ title: { ka: title, en: title }, description: {}, opensAt: new Date(Date.now() - DAY), closesAt: new Date(Date.now() + 5 * DAY), audience: "anyone", anonymous: true, onePerPerson: false, demographics: true, publicCrosstabs: false, ...extra }, admin);
  const surveys = [survey("Every question type"), survey("Residents only, one each", { audience: "residents", onePerPerson: true, demographics: false }), survey("A draft", { opensAt: new Date(Date.now() + DAY), closesAt: new Date(Date.now() + 2 * DAY) })];
  const t = (s: string) => ({ ka: s, en: s });
  for (const id of surveys) {
    const section = getSurvey(id)!.sections[0]!.id;
    for (const type of QUESTION_TYPES) {
      const options = ["single", "multiple", "dropdown", "ranking", "matrix"].includes(type) ? [t("One"), t("Two"), t("Three")] : [];
      const settings = type === "scale" || type === "matrix" ? { scale: "1-5" as const, minLabel: t("low"), maxLabel: t("high") } : type === "number" ? { min: 0, max: 100 } : type === "multiple" ? { maxChoices: 2, other: true } : type === "single" ? { other: true } : {};
      const added = addQuestion(id, section, { type, text: t(`A ${type} question`), help: {}, required: type === "short", settings, condition: null, options }, admin);
      if (!added.ok) throw new Error(added.reason);
    }
    if (id !== surveys[2]) setSurveyPublished(id, true, admin);
  }
  fx.surveys = surveys;
  for (const id of surveys) {
    const s = getSurvey(id)!;
    fx.questions.set(id, s.questions.map((q) => ({ id: q.id, type: q.type, options: q.options.map((o) => o.id) })));
    fx.sections.set(id, s.sections.map((x) => x.id));
  }
  const long = fx.questions.get(surveys[0]!)!.find((q) => q.type === "long")!;
  const answer = submitResponse({ surveyId: surveys[0]!, who: null, onePerPerson: false, anonymous: true, userId: null, channel: "online", day: "2026-03-01", rows: [{ questionId: long.id, optionId: null, rowId: null, num: null, text: "A written answer" }] });
  if (!answer.ok) throw new Error("no answer");
  fx.answers = getDb().$client.prepare("select id from survey_answers where text is not null").pluck().all() as number[];

  fx.measures = [createMeasure(goal, { title: { ka: "ღონისძიება", en: "A measure" }, description: {}, department: {}, status: "planned", progress: 0, startsOn: null, endsOn: null }, admin)];
  linkInput({ kind: "idea", targetId: published, goalId: goal, measureId: fx.measures[0]! }, admin);
  fx.links = getDb().$client.prepare("select id from plan_links").pluck().all() as number[];
}

// ─── Counting what is stored ────────────────────────────────────────────────────────────

/** The tables a refused request must leave alone (the brief's main tables, and what hangs off them). */
const COUNTED = [
  "ideas", "comments", "supports", "ballots", "survey_responses", "survey_answers", "users", "measures", "plan_links", "audit_log",
  "photos", "reports", "idea_events", "ballot_choices", "rounds", "round_options", "surveys", "survey_questions", "survey_sections", "measure_updates", "consents",
] as const;

let countStatement: { get(): unknown } | undefined;
function tableCounts(): Record<(typeof COUNTED)[number], number> {
  countStatement ??= getDb().$client.prepare(`select ${COUNTED.map((t) => `(select count(*) from ${t}) as ${t}`).join(", ")}`);
  return countStatement.get() as Record<(typeof COUNTED)[number], number>;
}

function changedTables(before: ReturnType<typeof tableCounts>, after: ReturnType<typeof tableCounts>): string[] {
  return COUNTED.filter((t) => before[t] !== after[t]).map((t) => `${t} ${before[t]} → ${after[t]}`);
}

// ─── Sending a request and judging the answer ───────────────────────────────────────────

type Sent = { label: string; request: Request; params: Record<string, string> };

/** A redirect must stay on this site: a path, not "//host", "/\host" or another scheme. */
function offSite(location: string): string | null {
  if (!location.startsWith("/")) {
    try {
      if (new URL(location).origin === ORIGIN) return null;
    } catch {
      // not an absolute URL: judged below
    }
    return "not a path on this site";
  }
  if (/^\/[/\\]/.test(location)) return "a protocol-relative address";
  if ([...location].some((c) => c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) === 0x7f || c === "\\")) return "whitespace, control characters or a backslash a browser may drop or turn into /";
  if (new URL(location, ORIGIN).origin !== ORIGIN) return "resolves to another origin";
  return null;
}

/** Calls the loader or action; returns the failures it found (none when all is well). */
async function judge(fn: DataFunction, sent: Sent): Promise<{ status: number | null; failures: string[]; response: Response | null }> {
  const failures: string[] = [];
  const post = sent.request.method === "POST";
  const before = post ? tableCounts() : null;
  const started = performance.now();
  stats.requests += 1;
  let response: Response;
  try {
    response = await call(fn, sent.request, sent.params, context(nextIp()));
  } catch (error) {
    stats.byClass.threw! += 1;
    const e = error as Error;
    return { status: null, response: null, failures: [`${sent.label}\n    threw ${e?.name}: ${e?.message}\n    ${String(e?.stack ?? "").split("\n").slice(1, 4).join("\n    ")}`] };
  }
  const status = response.status;
  const cls = `${Math.floor(status / 100)}xx`;
  stats.byClass[cls] = (stats.byClass[cls] ?? 0) + 1;
  stats.byStatus.set(status, (stats.byStatus.get(status) ?? 0) + 1);
  if (status >= 500) failures.push(`${sent.label}\n    answered ${status}`);
  if ([301, 302, 303, 307, 308].includes(status)) {
    const location = response.headers.get("Location");
    const why = location === null ? "no Location" : offSite(location);
    if (why) failures.push(`${sent.label}\n    redirected to ${preview(location, 200)}: ${why}`);
  }
  const copy = response.clone();
  try {
    await response.arrayBuffer();
  } catch (error) {
    failures.push(`${sent.label}\n    the body failed while being sent: ${(error as Error).message}`);
  }
  if (before && status >= 400 && status < 500) {
    stats.rejectedPosts += 1;
    const changed = changedTables(before, tableCounts());
    if (changed.length) failures.push(`${sent.label}\n    refused with ${status} but stored rows: ${changed.join(", ")}`);
  }
  const ms = performance.now() - started;
  if (ONLY) console.log(`[fuzz] ${sent.label}\n    → ${status} in ${ms.toFixed(0)} ms`);
  if (ms > 200) stats.slowest.push([sent.label.split("\n")[0]!, Math.round(ms)]);
  return { status, failures, response: copy };
}

function cookieOf(r: Rng, who: Who): string | null {
  if (who === "anonymous" || who === "doomed") return null;
  if (who === "forged") return forgedCookie(r, demo.cookies[r.pick(["nino", "moderator"] as const)]);
  return demo.cookies[who];
}

function pickWho(r: Rng, route: Route): Who {
  const roll = r();
  const staffFirst = route.file.startsWith("hub");
  if (roll < 0.1) return "forged";
  if (roll < (staffFirst ? 0.18 : 0.3)) return "anonymous";
  if (roll < (staffFirst ? 0.26 : 0.75)) return r.pick(["nino", "irina", "elvin"] as const);
  return r.pick(["moderator", "admin"] as const);
}

/** What kind of thing a path parameter names, by the route it is in. */
function paramKind(route: Route, name: string): string {
  if (name === "*") return "splat";
  if (name === "goalId") return "goal";
  if (name === "optionId") return "option";
  if (name === "qid") return "question";
  if (name === "page") return "page";
  const f = route.file;
  if (/^(hub\.)?ideas\./.test(f)) return "idea";
  if (/^(hub\.|api\.v1\.)?rounds\./.test(f)) return "round";
  if (/^(hub\.|api\.v1\.)?surveys\./.test(f)) return "survey";
  if (f.startsWith("hub.plan_.measures")) return "measure";
  if (f.startsWith("api.v1.goals")) return "goal";
  return "unknown";
}

function validParam(r: Rng, kind: string, chosen: Record<string, string>): string {
  switch (kind) {
    case "idea":
      return String(r.pick(fx.ideas));
    case "round":
      return String(r.pick(fx.rounds).id);
    case "option": {
      const round = fx.rounds.find((x) => String(x.id) === chosen.id) ?? r.pick(fx.rounds);
      return String(r.pick(round.options));
    }
    case "survey":
      return String(r.pick(fx.surveys));
    case "question": {
      if (r.chance(0.25)) return "new";
      const survey = Number(chosen.id);
      return String(r.pick(fx.questions.get(survey) ?? fx.questions.get(fx.surveys[0]!)!).id);
    }
    case "measure":
      return String(r.pick(fx.measures));
    case "goal":
      return String(r.pick(fx.goals));
    case "page":
      return r.pick(["1", "1", "2"]);
    default:
      return r.pick(["x", "a/b/c", "v2/ideas"]);
  }
}

function makeParams(r: Rng, route: Route): Record<string, string> {
  const params: Record<string, string> = {};
  for (const name of route.params) params[name] = r.chance(0.7) ? validParam(r, paramKind(route, name), params) : r.pick(GARBAGE_IDS);
  return params;
}

function pathOf(route: Route, params: Record<string, string>): string {
  return route.pattern.replace(/:(\w+)|\*/g, (_m, name: string | undefined) => encodeComponent(params[name ?? "*"] ?? ""));
}

function buildRequest(url: string, method: string, headers: Record<string, string>, body: Body | null): Request {
  const init: RequestInit & { duplex?: "half" } = { method, headers: { ...headers, ...(body?.headers ?? {}) } };
  if (body?.body) {
    init.body = body.body;
    init.duplex = "half";
  }
  return new Request(url, init);
}

function label(index: string, who: Who, method: string, url: string, params: Record<string, string>, note: string): string {
  const shown = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.length > 60 ? `${v.slice(0, 60)}…` : v]));
  return `FUZZ_SEED=${SEED} case ${index}: ${who} ${method} ${preview(url.slice(ORIGIN.length), 160)} params ${JSON.stringify(shown)}${note ? `\n    ${note}` : ""}`;
}

// ─── The forms each action reads, as a well-meaning client fills them in ────────────────

type Form = (r: Rng, params: Record<string, string>) => Fields;

const tr = (prefix: string, value: string, r: Rng): Fields =>
  (["ka", "en", "az", "ru"] as const).filter((l) => l === "ka" || r.chance(0.4)).map((l) => [`${prefix}.${l}`, value]);
const localTime = (offsetMs: number) => toLocalTime(new Date(Date.now() + offsetMs), getMunicipality().timeZone);
const text = (r: Rng, words: string) => (r.chance(0.85) ? words : hostileValue(r));
const anIdea = (r: Rng) => String(r.chance(0.9) ? r.pick(fx.ideas) : r.pick(GARBAGE_IDS));

function roundSettings(r: Rng): Fields {
  const method = r.pick(["approval", "ranked", "points", "budget"] as const);
  return [
    ...tr("title", text(r, "A fuzzed round"), r),
    ...tr("description", text(r, "What the round is about"), r),
    ["method", method],
    ["maxChoices", r.pick(["2", "3", "50", "51"])],
    ["pointsTotal", r.pick(["10", "1 000"])],
    ["pointsPerOption", "5"],
    ["budget", r.pick(["100 000", "1000"])],
    ["budgetRule", r.pick(["mes", "greedy"])],
    ["opensAt", localTime(r.pick([DAY, -DAY, 2 * HOUR]))],
    ["closesAt", localTime(r.pick([9 * DAY, -2 * DAY]))],
    ["eligibility", r.pick(["residents", "verified", "districts"])],
    ...fx.districts.filter(() => r.chance(0.3)).map((d): [string, string] => ["districts", String(d)]),
    ["resultsShown", r.pick(["live", "after"])],
  ];
}

function optionFields(r: Rng): Fields {
  return [...tr("title", text(r, "An option"), r), ...tr("description", text(r, "About the option"), r), ["cost", r.pick(["100", "0", "50 000"])], ["goalId", String(r.pick(fx.goals))], ["ideas", fx.ideas.filter(() => r.chance(0.3)).join(", ")]];
}

function surveySettings(r: Rng): Fields {
  const on = (name: string): Fields => (r.chance(0.5) ? [[name, "on"]] : []);
  return [
    ...tr("title", text(r, "A fuzzed survey"), r),
    ...tr("description", text(r, "About it"), r),
    ["opensAt", localTime(r.pick([-HOUR, DAY]))],
    ["closesAt", localTime(r.pick([5 * DAY, -2 * DAY]))],
    ["audience", r.pick(["anyone", "residents", "verified"])],
    ...on("anonymous"), ...on("onePerPerson"), ...on("demographics"), ...on("publicCrosstabs"),
  ];
}

function measureFields(r: Rng): Fields {
  return [
    ...tr("title", text(r, "A fuzzed measure"), r),
    ...tr("description", text(r, "What will be done"), r),
    ...tr("department", text(r, "Transport"), r),
    ["status", r.pick(["planned", "in_progress", "done", "paused", "cancelled"])],
    ["progress", r.pick(["0", "50", "100", "101"])],
    ["startsOn", r.pick(["2026-01-01", "", "2026-02-30"])],
    ["endsOn", r.pick(["2026-12-31", "2025-01-01"])],
  ];
}

/** Answers to some of a survey's questions, in the fields the form uses. */
function surveyAnswers(r: Rng, surveyId: string): Fields {
  const questions = fx.questions.get(Number(surveyId)) ?? fx.questions.get(fx.surveys[0]!)!;
  const out: Fields = [];
  for (const q of questions) {
    if (r.chance(0.3)) continue;
    const k = `q${q.id}`;
    const option = () => String(q.options.length ? r.pick(q.options) : 1);
    switch (q.type) {
      case "single":
      case "dropdown":
        out.push([k, r.chance(0.2) ? "other" : option()]);
        if (r.chance(0.2)) out.push([`${k}-other`, text(r, "Something else")]);
        break;
      case "multiple":
        for (const o of q.options) if (r.chance(0.5)) out.push([k, String(o)]);
        break;
      case "ranking":
        q.options.forEach((o, i) => out.push([`${k}-r${o}`, String(i + 1)]));
        break;
      case "matrix":
        for (const o of q.options) out.push([`${k}-m${o}`, r.pick(["1", "3", "5", "6"])]);
        break;
      case "scale":
        out.push([k, r.pick(["1", "3", "5", "0", "11"])]);
        break;
      case "number":
        out.push([k, r.pick(["42", "-1", "1e3", "100.5"])]);
        break;
      case "date":
        out.push([k, r.pick(["2026-03-01", "2026-02-30", "yesterday"])]);
        break;
      default:
        out.push([k, text(r, "A written answer")]);
    }
  }
  return out;
}

function ballot(r: Rng, roundId: string): Fields {
  const round = fx.rounds.find((x) => String(x.id) === roundId) ?? r.pick(fx.rounds);
  const chosen = round.options.filter(() => r.chance(0.6));
  if (round.method === "ranked") return chosen.map((o, i): [string, string] => [`rank-${o}`, String(i + 1)]);
  if (round.method === "points") return chosen.map((o): [string, string] => [`points-${o}`, r.pick(["1", "5", "6", "0"])]);
  return chosen.map((o): [string, string] => ["option", String(o)]);
}

let tinyPng: Uint8Array | undefined;
const png = () => (tinyPng ??= new Uint8Array(blankPng(8, 8)));
const photo = (r: Rng): Fields => (r.chance(0.3) ? [["photo", { filename: "p.png", type: "image/png", data: r.chance(0.7) ? png() : new TextEncoder().encode("not an image") }]] : []);

const PABULIB = ["META", "key;value", "budget;100", "vote_type;approval", "PROJECTS", "project_id;cost;name", "1;50;A <script>x</script>", "2;60;B", "VOTES", "voter_id;vote", "1;1", "2;1,2"].join("\n");

const FORMS: Record<string, Form> = {
  login: (r) => [
    ["identifier", r.chance(0.5) ? r.pick(fx.logins) : r.pick([DEMO.nino, DEMO.elvin, "555 00 01 01", "nobody@khma.test", "NINO@KHMA.TEST"])],
    ["password", r.chance(0.6) ? FUZZ_PASSWORD : "not-the-password"],
    ["redirectTo", r.pick(REDIRECT_TARGETS)],
  ],
  join: (r) => [
    ["displayName", text(r, "Fuzz Newcomer")],
    ["identifier", r.chance(0.8) ? `joiner${r.int(1e9)}@khma.test` : DEMO.nino],
    ["password", "a long enough password"],
    ["consent", "on"],
    ["redirectTo", r.pick(REDIRECT_TARGETS)],
  ],
  logout: (r) => [["redirectTo", r.pick(REDIRECT_TARGETS)]],
  reset: (r) => [
    ["intent", r.pick(["request", "complete"])],
    ["identifier", r.chance(0.7) ? r.pick(fx.logins) : "nobody@khma.test"],
    ["code", r.pick(["123456", "12 34 56", "abcdef", "1234567"])],
    ["password", "a new long password"],
    ["redirectTo", r.pick(REDIRECT_TARGETS)],
  ],
  me: (r) => [["intent", r.pick(["read", "preferences"])], ["email", "on"]],
  "me_.privacy": (r) => [
    ["intent", r.pick(["withdraw", "delete"])],
    ["consent", String(r.chance(0.8) ? r.pick(fx.consents) : r.int(1e6))],
    ["password", r.chance(0.5) ? FUZZ_PASSWORD : "not-the-password"],
    ...(r.chance(0.7) ? ([["confirm", "on"]] as Fields) : []),
    ...(r.chance(0.5) ? ([["remove", "on"]] as Fields) : []),
  ],
  "me_.verify": (r) => [["code", r.pick(["123456", "ABCD-EFGH-2345", "  abcd efgh  ", "000000"])]],
  "hub.verify": (r) => [
    ["intent", r.pick(["verify", "unverify", "codes"])],
    ["user", String(r.chance(0.8) ? r.pick([demo.ids.nino, demo.ids.irina, demo.ids.elvin, demo.ids.moderator]) : r.int(1e6))],
    ...(r.chance(0.7) ? ([["seen", "on"]] as Fields) : []),
    ["count", r.pick(["3", "1", "0", "-1"])],
    ["batch", text(r, "Letters of March")],
  ],
  "ideas.new": (r) => [
    ["intent", r.pick(["submit", "submit", "preview"])],
    ["title", text(r, "A fuzzed idea title")],
    ["description", text(r, "A fuzzed idea, described at enough length to pass.")],
    ["goalId", String(r.pick(fx.goals))],
    ["districtId", String(r.pick(fx.districts))],
    ["consent", "on"],
    ...photo(r),
  ],
  "ideas.$id": (r) => [
    ["intent", r.pick(["support", "withdraw", "comment", "report"])],
    ["body", text(r, "A fuzzed comment")],
    ...(r.chance(0.3) ? ([["parentId", String(r.pick(fx.comments))]] as Fields) : []),
    ["reason", r.pick(REPORT_REASONS)],
    ...(r.chance(0.3) ? ([["comment", String(r.pick(fx.comments))]] as Fields) : []),
  ],
  "ideas.$id_.edit": (r) => [["title", text(r, "A fuzzed idea title")], ["description", text(r, "A fuzzed idea, described again at length.")], ["goalId", String(r.pick(fx.goals))], ["districtId", String(r.pick(fx.districts))]],
  "hub.ideas._index": (r) => fx.ideas.filter(() => r.chance(0.4)).map((id): [string, string] => ["idea", String(id)]),
  "hub.ideas.$id": (r) => [
    ["intent", r.pick(["status", "correct", "hide", "show", "merge", "hideComment", "showComment"])],
    ["to", r.pick(IDEA_STATUSES)],
    ["answer", text(r, "The city's answer")],
    ["note", text(r, "A note to the author")],
    ["reason", r.chance(0.5) ? r.pick(REJECT_REASONS) : text(r, "Corrected a typo")],
    ["title", text(r, "A corrected title")],
    ["description", text(r, "A corrected description, long enough.")],
    ["survivor", anIdea(r)],
    ["comment", String(r.pick(fx.comments))],
  ],
  "hub.plan": (r) => [
    ["intent", r.pick(["addMeasure", "link", "unlink"])],
    ["goal", String(r.pick(fx.goals))],
    ...measureFields(r),
    ["link", String(fx.links.length ? r.pick(fx.links) : 1)],
    ["kind", r.pick(["idea", "option", "question"])],
    ["targetId", r.pick([anIdea(r), `#${anIdea(r)}`, String(r.pick(fx.rounds).options[0])])],
    ["measureId", String(r.pick(fx.measures))],
  ],
  "hub.plan_.measures.$id": (r) => [["intent", r.pick(["progress", "save"])], ...measureFields(r), ...tr("body", text(r, "Progress so far"), r)],
  "hub.staff": (r) => [["displayName", text(r, "New Staff Member")], ["email", `staff${r.int(1e9)}@khma.test`], ["role", r.pick(["moderator", "admin", "resident"])]],
  "hub.rounds.new": (r) => roundSettings(r),
  "hub.rounds.$id": (r) => [
    ["intent", r.pick(["settings", "publish", "unpublish", "close", "addOption", "up", "down", "delete"])],
    ...roundSettings(r),
    ...optionFields(r),
    ["option", String(r.pick(r.pick(fx.rounds).options))],
  ],
  "hub.rounds.$id_.options.$optionId": (r) => [...optionFields(r), ...photo(r)],
  "hub.rounds.$id_.paper": (r, p) => [...ballot(r, p.id ?? ""), ["district", String(r.pick(fx.districts))]],
  "hub.rounds._index": (r) => [["file", { filename: "round.pb", type: "text/plain", data: new TextEncoder().encode(r.chance(0.5) ? PABULIB : PABULIB.replace("VOTES", r.pick(["VOTE", "VOTES\nvoter_id;vote\nx;99"]))) }]],
  "rounds.$id": (r, p) => ballot(r, p.id ?? ""),
  "hub.surveys.new": (r) => surveySettings(r),
  "hub.surveys.$id": (r, p) => [
    ["intent", r.pick(["settings", "publish", "unpublish", "addSection", "renameSection", "deleteSection", "up", "down", "duplicate", "delete"])],
    ...surveySettings(r),
    ["target", String(r.chance(0.5) ? r.pick(fx.sections.get(Number(p.id)) ?? [1]) : r.pick(fx.questions.get(Number(p.id)) ?? fx.questions.get(fx.surveys[0]!)!).id)],
  ],
  "hub.surveys.$id_.import": (r, p) => {
    const survey = getSurvey(Number(p.id));
    const header = survey ? exportColumns(survey).map((c) => c.code) : ["response", "day"];
    const row = header.map((c) => (c === "day" ? "2026-03-01" : c === "channel" ? "paper" : r.pick(["1", "x", "", '"quoted, with comma"', "=1+1"])));
    const csv = [header.join(","), row.join(","), row.join(",")].join("\r\n");
    return [["file", { filename: "answers.csv", type: "text/csv", data: new TextEncoder().encode(r.chance(0.8) ? csv : "\ufeffnot,a,survey\n1,2") }]];
  },
  "hub.surveys.$id_.paper": (r, p) => [...surveyAnswers(r, p.id ?? ""), ["ageBand", r.pick(AGE_BANDS)], ["gender", r.pick(GENDERS)], ["district", String(r.pick(fx.districts))]],
  "hub.surveys.$id_.questions.$qid": (r) => [
    ["type", r.pick(QUESTION_TYPES)],
    ...tr("text", text(r, "A fuzzed question"), r),
    ...tr("help", text(r, "Some help"), r),
    ...(r.chance(0.5) ? ([["required", "on"]] as Fields) : []),
    ...tr("options", text(r, "One\nTwo\nThree"), r),
    ["maxChoices", "2"],
    ["scale", r.pick(["1-5", "0-10"])],
    ...tr("minLabel", "low", r),
    ...tr("maxLabel", "high", r),
    ["min", "0"],
    ["max", "10"],
    ...(r.chance(0.3) ? ([["conditionQuestion", String(r.pick(fx.questions.get(fx.surveys[0]!)!).id)], ["conditionOptions", "1"]] as Fields) : []),
  ],
  "hub.surveys.$id_.results": (r) => [["intent", r.pick(["publish", "unpublish"])], ["answer", String(r.chance(0.8) && fx.answers.length ? r.pick(fx.answers) : r.int(1e6))]],
  "surveys.$id_.$page": (r, p) => [...surveyAnswers(r, p.id ?? ""), ...(r.chance(0.3) ? ([["nav", r.pick(["back", "next"])]] as Fields) : [])],
  "surveys.$id_.about": (r) => [["ageBand", r.pick(AGE_BANDS)], ["gender", r.pick(GENDERS)], ["district", String(r.pick(fx.districts))], ["consent", "on"], ...(r.chance(0.3) ? ([["nav", "back"]] as Fields) : [])],
};

/** Pages that read redirectTo from their query string get it in most of their requests. */
const READS_REDIRECT_TO = new Set(["login", "join", "reset", "logout"]);

// ─── One generated request ──────────────────────────────────────────────────────────────

/** FNV-1a: a route's own stream of cases, whatever other routes exist. */
function hashOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const caseId = (route: Route, kind: "loader" | "action", index: number) => `${route.file}#${kind === "loader" ? "L" : "A"}${index}`;
const caseRng = (route: Route, kind: "loader" | "action", index: number) => rng(caseSeed((SEED ^ hashOf(`${route.file} ${kind}`)) >>> 0, index));

async function loaderCase(route: Route, index: number): Promise<Sent> {
  const r = caseRng(route, "loader", index);
  const who = pickWho(r, route);
  const params = makeParams(r, route);
  let query = r.chance(0.75) ? garbageQuery(r) : "";
  if (READS_REDIRECT_TO.has(route.file) && r.chance(0.8)) query += `${query ? "&" : "?"}redirectTo=${encodeComponent(r.pick(REDIRECT_TARGETS))}`;
  const method = r.chance(0.06) ? "HEAD" : r.chance(0.04) ? "OPTIONS" : "GET";
  const headers = garbageHeaders(r);
  const cookie = cookieOf(r, who);
  if (cookie) headers.Cookie = cookie;
  const url = `${ORIGIN}${pathOf(route, params)}${query}`;
  return { label: label(caseId(route, "loader", index), who, method, url, params, ""), request: buildRequest(url, method, headers, null), params };
}

async function actionCase(route: Route, index: number): Promise<Sent> {
  const r = caseRng(route, "action", index);
  let who = pickWho(r, route);
  const params = makeParams(r, route);
  const form = FORMS[route.file];
  const base = form ? form(r, params) : [["intent", "x"] as [string, string]];
  const known = base.map(([k]) => k);
  const { fields, notes } = r.chance(0.8) ? mutate(r, base, known) : { fields: base, notes: ["as the form sends it"] };
  const body = encode(r, fields);
  const query = r.chance(0.2) ? garbageQuery(r) : "";
  const headers = garbageHeaders(r);
  // Signing out revokes the session it is sent with: never a demo account's shared one.
  let cookie = cookieOf(r, who);
  if (route.file === "logout" && who !== "anonymous") cookie = await sessionCookieFor(demo.ids[who === "forged" || who === "doomed" ? "irina" : who]);
  // Deleting an account works with its password: only throwaway accounts are given theirs.
  if (route.file === "me_.privacy" && r.chance(0.2)) {
    who = "doomed";
    cookie = await sessionCookieFor(r.pick(fx.doomed));
  }
  if (cookie) headers.Cookie = cookie;
  const url = `${ORIGIN}${pathOf(route, params)}${query}`;
  const shownFields = fields.slice(0, 12).map(([k, v]) => `${preview(k, 30)}=${preview(v, 50)}`).join(" ");
  const note = `body: ${body.note}; ${notes.join(", ")}\n    fields: ${shownFields}${fields.length > 12 ? ` … (${fields.length} fields)` : ""}`;
  return { label: label(caseId(route, "action", index), who, "POST", url, params, note), request: buildRequest(url, "POST", headers, body), params };
}

function report(failures: string[]): string {
  const shown = failures.slice(0, 8).join("\n\n");
  return `${failures.length} failing request(s), replay with FUZZ_SEED=${SEED}:\n\n${shown}${failures.length > 8 ? `\n\n… and ${failures.length - 8} more` : ""}`;
}

// ─── Setup ──────────────────────────────────────────────────────────────────────────────

beforeAll(async () => {
  stats.startedAt = performance.now();
  demo = await signedInDemo();
  makeFixtures(await hashPassword(FUZZ_PASSWORD));
});

afterAll(() => {
  const total = (performance.now() - stats.startedAt) / 1000;
  const classes = Object.entries(stats.byClass).map(([k, v]) => `${k} ${v}`).join(", ");
  const statuses = [...stats.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(" ");
  const slow = stats.slowest.sort((a, b) => b[1] - a[1]).slice(0, 5).map(([l, ms]) => `${ms} ms ${l}`).join("\n  ");
  console.log(
    `[fuzz] seed ${SEED}: ${stats.requests} requests in ${total.toFixed(1)} s (fuzzing ${(stats.fuzzMs / 1000).toFixed(1)} s)\n` +
      `  by class: ${classes}\n  by status: ${statuses}\n  refused POSTs checked for stored rows: ${stats.rejectedPosts}` +
      (slow ? `\n  slowest:\n  ${slow}` : ""),
  );
});

describe("the route modules", () => {
  it("are all found, and every action has its form here", () => {
    expect(ROUTES.length).toBeGreaterThan(70);
    expect(ROUTES.some((r) => r.file.endsWith(".test"))).toBe(false);
    const actions = ROUTES.filter((r) => fnOf(r, "action")).map((r) => r.file);
    expect(actions.filter((file) => !FORMS[file]), "actions without a form in FORMS (add one)").toEqual([]);
    expect(Object.keys(FORMS).filter((file) => !actions.includes(file)), "forms in FORMS for no action").toEqual([]);
    expect(ROUTES.find((r) => r.file === "hub.plan_.measures.$id")?.pattern).toBe("/hub/plan/measures/:id");
    expect(ROUTES.find((r) => r.file === "api.v1.ideas[.]csv")?.pattern).toBe("/api/v1/ideas.csv");
    expect(ROUTES.find((r) => r.file === "$")?.pattern).toBe("/*");
    expect(ROUTES.find((r) => r.file === "_index")?.pattern).toBe("/");
  });
});

// ─── Well-formed requests, for the deterministic parts ──────────────────────────────────

const routeByFile = (file: string) => {
  const route = ROUTES.find((r) => r.file === file);
  if (!route) throw new Error(`no route module ${file}`);
  return route;
};

/** A form posted as the page posts it. Fails the test on a 5xx, a thrown Error or an off-site redirect. */
async function submit(file: string, cookie: string | null, params: Record<string, string>, fields: Fields, query = ""): Promise<Response> {
  const route = routeByFile(file);
  const url = `${ORIGIN}${pathOf(route, params)}${query}`;
  const request = new Request(url, { method: "POST", body: urlencoded(fields), headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) } });
  const fields_ = fields.map(([k, v]) => `${k}=${preview(v, 60)}`).join(" ");
  const { response, failures } = await judge(fnOf(route, "action")!, { label: `${file}: POST ${url}\n    fields: ${fields_}`, request, params });
  expect(failures, failures.join("\n")).toEqual([]);
  return response!;
}

async function visit(file: string, cookie: string | null, params: Record<string, string>, query = ""): Promise<Response> {
  const route = routeByFile(file);
  const url = `${ORIGIN}${pathOf(route, params)}${query}`;
  const request = new Request(url, { headers: cookie ? { Cookie: cookie } : {} });
  const { response, failures } = await judge(fnOf(route, "loader")!, { label: `${file}: GET ${url}`, request, params });
  expect(failures, failures.join("\n")).toEqual([]);
  return response!;
}

/** The id at the end of a redirect's path: /ideas/12?submitted=1 → 12. */
function idFrom(response: Response, pattern: RegExp): number {
  const location = response.headers.get("Location") ?? "";
  const m = pattern.exec(location);
  if (!m) throw new Error(`unexpected redirect ${response.status} ${location}`);
  return Number(m[1]);
}

// ─── redirectTo never leaves the site ───────────────────────────────────────────────────

describe("redirectTo", () => {
  let account = 0;
  const nextLogin = () => fx.redirectLogins[Math.floor(account++ / 9) % fx.redirectLogins.length]!;

  it.each(REDIRECT_TARGETS.map((t) => [preview(t, 50), t] as const))("%s: sign-in, sign-up, reset, sign-out and the sign-in page stay on the site", async (_name, target) => {
    const encoded = encodeComponent(target);
    // The sign-in page of someone already signed in sends them on at once.
    const signedIn = await visit("login", demo.cookies.nino, {}, `?redirectTo=${encoded}`);
    expect(signedIn.status).toBe(302);
    // Anonymous: the page carries the target in its form; it must already be a safe one.
    const page = (await (await visit("login", null, {}, `?redirectTo=${encoded}`)).json()) as { redirectTo: string };
    expect(offSite(page.redirectTo), page.redirectTo).toBeNull();
    // Signing in with the right password (each account is used 9 times: the limit is 10).
    const login = await submit("login", null, {}, [["identifier", nextLogin()], ["password", FUZZ_PASSWORD], ["redirectTo", target]], `?redirectTo=${encoded}`);
    // Longer than any path of ours (2,000 characters): refused as a malformed form.
    expect(login.status).toBe(target.length > 2000 ? 400 : 302);
    if (login.status === 302) expect(offSite(login.headers.get("Location") ?? "")).toBeNull();
    const join = await submit("join", null, {}, [["displayName", "Redirect Newcomer"], ["identifier", `newcomer${account}@khma.test`], ["password", "a long enough password"], ["consent", "on"], ["redirectTo", target]], `?redirectTo=${encoded}`);
    expect(join.status).toBe(302);
    expect(join.headers.get("Location")).toBe("/me");
    const reset = await submit("reset", null, {}, [["intent", "request"], ["identifier", `nobody${account}@khma.test`], ["redirectTo", target]], `?redirectTo=${encoded}`);
    expect(reset.status).toBe(200);
    const logout = await submit("logout", await sessionCookieFor(demo.ids.irina), {}, [["redirectTo", target]], `?redirectTo=${encoded}`);
    expect(logout.headers.get("Location")).toBe("/login?signedOut=1");
    // A page that needs an account sends the visitor to sign in and back to a path of this site.
    const back = await visit("ideas.new", null, {}, `?redirectTo=${encoded}`);
    expect(back.status).toBe(302);
  });
});

// ─── Defects the fuzzing found, kept as cases ───────────────────────────────────────────

describe("found by fuzzing", () => {
  it("a redirectTo outside printable ASCII falls back instead of throwing (was a 500 from redirect())", async () => {
    for (const target of ["/ქალაქი", "/ideas?q=ქ", "/\uff0f\uff0fevil.example"]) {
      const response = await visit("login", demo.cookies.nino, {}, `?redirectTo=${encodeComponent(target)}`);
      expect(response.headers.get("Location")).toBe("/me");
      const login = await submit("login", null, {}, [["identifier", fx.redirectLogins.at(-1)!], ["password", FUZZ_PASSWORD], ["redirectTo", target]]);
      expect(login.headers.get("Location")).toBe("/me");
    }
  });

  it("a question whose option lines are over the limit is a 400 (the form's cross-field check read the raw text as lines: a 500)", async () => {
    const survey = String(fx.surveys[2]);
    const question = String(fx.questions.get(fx.surveys[2]!)![0]!.id);
    for (const qid of ["new", question]) {
      const response = await submit("hub.surveys.$id_.questions.$qid", demo.cookies.moderator, { id: survey, qid }, [["type", "single"], ["text.ka", "კითხვა"], ["options.ka", "x".repeat(5001)], ["options.en", "y".repeat(5001)]]);
      expect(response.status).toBe(400);
    }
  });

  it("an option for a goal that does not exist is a 400 (was a foreign-key failure: a 500)", async () => {
    const draft = fx.rounds.find((r) => r.id === Math.max(...fx.rounds.map((x) => x.id)))!;
    const fields: Fields = [["title.ka", "ვარიანტი"], ["goalId", "360419580"]];
    expect((await submit("hub.rounds.$id_.options.$optionId", demo.cookies.moderator, { id: String(draft.id), optionId: String(draft.options[0]) }, fields)).status).toBe(400);
    expect((await submit("hub.rounds.$id", demo.cookies.moderator, { id: String(draft.id) }, [["intent", "addOption"], ...fields])).status).toBe(400);
  });

  it("a refused change to an option of an open budget round stores no photo (was an orphan photos row)", async () => {
    const round = fx.rounds.find((r) => r.method === "budget")!;
    const params = { id: String(round.id), optionId: String(round.options[0]) };
    const fields: Fields = [["title.ka", "ახალი სახელი"], ["cost", "70"], ["photo", { filename: "p.png", type: "image/png", data: new Uint8Array(blankPng(64, 64)) }]];
    const b = "----khma-photo";
    const route = routeByFile("hub.rounds.$id_.options.$optionId");
    const url = `${ORIGIN}${pathOf(route, params)}`;
    const request = new Request(url, { method: "POST", body: multipartBytes(fields, b), headers: { "Content-Type": `multipart/form-data; boundary=${b}`, Cookie: demo.cookies.moderator } });
    // judge() fails on any row stored by a 4xx.
    const { status, failures } = await judge(fnOf(route, "action")!, { label: `option photo: POST ${url}`, request, params });
    expect(failures).toEqual([]);
    expect(status).toBe(409);
  });
});

// ─── Stored XSS ─────────────────────────────────────────────────────────────────────────

const X = XSS_PAYLOADS;
/** What residents and staff write, each starting with a tag to find it on a page by. */
const MARK = {
  ideaTitle: `XSS-T1 ${X.script}`,
  ideaDescription: `XSS-D1 ${X.img} ${X.svg} ${X.js} ${X.textarea} ${X.template}`,
  answer: `XSS-A1 ${X.iframe} ${X.attr}`,
  comment: `XSS-K1 ${X.script} ${X.js}`,
  reply: `XSS-K2 ${X.img}`,
  note: `XSS-N1 ${X.svg}`,
  resubmitTitle: `XSS-T3 ${X.img}`,
  resubmitDescription: `XSS-D3 ${X.script}, described at length`,
  correctedTitle: `XSS-T4 ${X.svg}`,
  correctedDescription: `XSS-D4 ${X.iframe}, described at length`,
  correctionReason: `XSS-C1 ${X.script}`,
  displayName: `XSS-NAME ${X.img}`,
  measureTitle: `XSS-M1 ${X.script}`,
  measureDescription: `XSS-M2 ${X.img}`,
  department: `XSS-M3 ${X.svg}`,
  progressReport: `XSS-U1 ${X.iframe}`,
  roundTitle: `XSS-R1 ${X.script}`,
  roundDescription: `XSS-R2 ${X.img} ${X.js}`,
  optionTitle: `XSS-O1 ${X.svg}`,
  optionDescription: `XSS-O2 ${X.textarea}`,
  surveyTitle: `XSS-S1 ${X.script}`,
  surveyDescription: `XSS-S2 ${X.img}`,
  sectionTitle: `XSS-S3 ${X.svg}`,
  questionText: `XSS-Q1 ${X.script}`,
  questionHelp: `XSS-Q2 ${X.img}`,
  choice: `XSS-Q3 ${X.svg}`,
  scaleLabel: `XSS-Q5 ${X.iframe}`,
  textAnswer: `XSS-W1 ${X.script} ${X.js}`,
  otherAnswer: `XSS-W2 ${X.img}`,
} as const;
type Mark = keyof typeof MARK;
const tagOf = (mark: Mark) => MARK[mark].split(" ")[0]!;

const xss = { writer: "", writerId: 0, idea1: 0, idea2: 0, idea3: 0, goal: 0, measure: 0, round: 0, option: 0, survey: 0, section: 0, questions: [] as number[] };
/** Where each text was seen: "ideas.$id as anonymous", … */
const seen = new Map<Mark, Set<string>>();
const renderFailures: string[] = [];

const both = (prefix: string, value: string): Fields => [[`${prefix}.ka`, value], [`${prefix}.en`, value]];

/** Renders every page (and reads every other answer) that the payloads' ids lead to, as each kind of visitor. */
async function renderEverything(pass: string) {
  const candidates = (route: Route, name: string): string[] => {
    switch (paramKind(route, name)) {
      case "idea":
        return [xss.idea1, xss.idea2, xss.idea3].map(String);
      case "round":
        return [String(xss.round)];
      case "option":
        return [String(xss.option)];
      case "survey":
        return [String(xss.survey)];
      case "question":
        return xss.questions.map(String);
      case "measure":
        return [String(xss.measure)];
      case "goal":
        return [String(xss.goal)];
      case "page":
        return ["1"];
      default:
        return ["x"];
    }
  };
  const cookies: Array<[string, string | null]> = [["anonymous", null], ["nino", demo.cookies.nino], ["writer", xss.writer], ["moderator", demo.cookies.moderator], ["admin", demo.cookies.admin]];
  for (const route of ROUTES) {
    if (!fnOf(route, "loader")) continue;
    let sets: Array<Record<string, string>> = [{}];
    for (const name of route.params) sets = sets.flatMap((set) => candidates(route, name).map((v) => ({ ...set, [name]: v })));
    const Page = route.module.default as ComponentType | undefined;
    for (const [who, cookie] of cookies) {
      if (who === "admin" && !route.file.startsWith("hub")) continue;
      for (const params of sets) {
        const path = `${pathOf(route, params)}?lng=en`;
        const response = await visit(route.file, cookie, params, "?lng=en");
        if (response.status !== 200) continue;
        const where = `${route.file}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ""} as ${who} (${pass})`;
        const type = response.headers.get("Content-Type") ?? "";
        const raw = new TextDecoder().decode(await response.arrayBuffer());
        if (Page && type.startsWith("application/json")) {
          let html: string;
          let text: string;
          try {
            const data: unknown = JSON.parse(raw);
            html = await renderHtml(Page, data, path, "en");
            text = await renderPage(Page, data, path, "en");
          } catch (error) {
            renderFailures.push(`${where}: the page did not render: ${(error as Error).message}`);
            continue;
          }
          for (const finding of unsafeMarkup(html)) renderFailures.push(`${where}: ${finding}`);
          for (const mark of Object.keys(MARK) as Mark[]) if (text.includes(tagOf(mark))) (seen.get(mark) ?? seen.set(mark, new Set()).get(mark)!).add(`${route.file} as ${who}`);
        } else if (raw.includes("XSS-")) {
          // Data, not a page: never HTML, and a file to download is an attachment.
          if (!/^(application\/json|text\/csv|text\/plain|application\/vnd\.openxmlformats)/.test(type)) renderFailures.push(`${where}: payloads served as ${type}`);
          if (/^text\/(csv|plain)/.test(type) && !/attachment/.test(response.headers.get("Content-Disposition") ?? "")) renderFailures.push(`${where}: a ${type} download without Content-Disposition: attachment`);
          if (type.startsWith("application/json")) {
            const data = JSON.stringify(JSON.parse(raw));
            for (const mark of Object.keys(MARK) as Mark[]) if (data.includes(JSON.stringify(MARK[mark]).slice(1, -1))) (seen.get(mark) ?? seen.set(mark, new Set()).get(mark)!).add(`${route.file} (JSON) as ${who}`);
          }
        }
      }
    }
  }
}

describe("stored XSS", () => {
  it("payloads go in through the real actions, into every free-text field residents and staff write", async () => {
    const moderator = demo.cookies.moderator;
    const nino = demo.cookies.nino;
    xss.goal = fx.goals[1]!;
    const district = String(fx.districts[1]!);
    const goal = String(xss.goal);

    // A display name: no form takes markup in a name (join and the staff form refuse it)…
    const before = tableCounts();
    expect((await submit("join", null, {}, [["displayName", MARK.displayName], ["identifier", "xss-name@khma.test"], ["password", "a long enough password"], ["consent", "on"]])).status).toBe(400);
    expect((await submit("hub.staff", demo.cookies.admin, {}, [["displayName", MARK.displayName], ["email", "xss-staff@khma.test"], ["role", "moderator"]])).status).toBe(400);
    expect(changedTables(before, tableCounts())).toEqual([]);
    // …so it is written directly, as an account from before the rule (or an import) could have it.
    const joined = await submit("join", null, {}, [["displayName", "Fuzz Writer"], ["identifier", "xss-writer@khma.test"], ["password", "a long enough password"], ["consent", "on"]]);
    expect(joined.status).toBe(302);
    xss.writer = cookieFrom(joined);
    xss.writerId = getDb().select({ id: users.id }).from(users).where(eq(users.email, "xss-writer@khma.test")).get()!.id;
    getDb().update(users).set({ displayName: MARK.displayName }).where(eq(users.id, xss.writerId)).run();

    // Ideas: submitted by residents, published, answered and accepted by a moderator.
    const newIdea = (cookie: string, title: string, description: string) =>
      submit("ideas.new", cookie, {}, [["intent", "submit"], ["title", title], ["description", description], ["goalId", goal], ["districtId", district], ["consent", "on"]]);
    xss.idea1 = idFrom(await newIdea(xss.writer, MARK.ideaTitle, MARK.ideaDescription), /^\/ideas\/(\d+)\?submitted=1$/);
    const status = async (id: number, fields: Fields) => expect((await submit("hub.ideas.$id", moderator, { id: String(id) }, [["intent", "status"], ...fields])).status).toBe(200);
    await status(xss.idea1, [["to", "published"]]);
    await status(xss.idea1, [["to", "under_review"], ["answer", MARK.answer]]);
    await status(xss.idea1, [["to", "accepted"], ["answer", MARK.answer]]);
    const comment = idFrom(await submit("ideas.$id", demo.cookies.irina, { id: String(xss.idea1) }, [["intent", "comment"], ["body", MARK.comment]]), /#comment-(\d+)$/);
    idFrom(await submit("ideas.$id", xss.writer, { id: String(xss.idea1) }, [["intent", "comment"], ["body", MARK.reply], ["parentId", String(comment)]]), /#comment-(\d+)$/);
    // A note asking for changes, seen by the author.
    xss.idea2 = idFrom(await newIdea(nino, "An idea the moderator sends back", "An idea the moderator sends back, at length."), /^\/ideas\/(\d+)\?/);
    await status(xss.idea2, [["to", "changes_requested"], ["note", MARK.note]]);
    // The author's resubmission, then a moderator's correction with its reason.
    xss.idea3 = idFrom(await newIdea(nino, "An idea to be resubmitted", "An idea to be resubmitted, at enough length."), /^\/ideas\/(\d+)\?/);
    await status(xss.idea3, [["to", "changes_requested"], ["note", "Please add where."]]);
    const resubmitted = await submit("ideas.$id_.edit", nino, { id: String(xss.idea3) }, [["title", MARK.resubmitTitle], ["description", MARK.resubmitDescription], ["goalId", goal], ["districtId", district]]);
    expect(resubmitted.headers.get("Location")).toBe(`/ideas/${xss.idea3}?submitted=1`);
    await status(xss.idea3, [["to", "published"]]);
    expect((await submit("hub.ideas.$id", moderator, { id: String(xss.idea3) }, [["intent", "correct"], ["title", MARK.correctedTitle], ["description", MARK.correctedDescription], ["reason", MARK.correctionReason]])).status).toBe(200);

    // The plan: a measure, its progress report, and the idea linked to it.
    expect((await submit("hub.plan", moderator, {}, [["intent", "addMeasure"], ["goal", goal], ...both("title", MARK.measureTitle), ...both("description", MARK.measureDescription), ...both("department", MARK.department), ["status", "planned"], ["progress", "10"]])).status).toBe(200);
    xss.measure = getDb().$client.prepare("select max(id) from measures").pluck().get() as number;
    expect((await submit("hub.plan_.measures.$id", moderator, { id: String(xss.measure) }, [["intent", "progress"], ...both("body", MARK.progressReport), ["status", "in_progress"], ["progress", "40"]])).status).toBe(200);
    expect((await submit("hub.plan", moderator, {}, [["intent", "link"], ["goal", goal], ["kind", "idea"], ["targetId", String(xss.idea1)], ["measureId", String(xss.measure)]])).status).toBe(200);

    // A round with an option linked to the idea, published, opened, and voted in.
    const created = await submit("hub.rounds.new", moderator, {}, [...both("title", MARK.roundTitle), ...both("description", MARK.roundDescription), ["method", "approval"], ["maxChoices", "2"], ["opensAt", localTime(DAY)], ["closesAt", localTime(9 * DAY)], ["eligibility", "residents"], ["resultsShown", "live"]]);
    xss.round = idFrom(created, /^\/hub\/rounds\/(\d+)\?created=1$/);
    const round = { id: String(xss.round) };
    expect((await submit("hub.rounds.$id", moderator, round, [["intent", "addOption"], ...both("title", MARK.optionTitle), ...both("description", MARK.optionDescription), ["goalId", goal], ["ideas", String(xss.idea1)]])).status).toBe(200);
    expect((await submit("hub.rounds.$id", moderator, round, [["intent", "addOption"], ...both("title", "A plain option")])).status).toBe(200);
    expect((await submit("hub.rounds.$id", moderator, round, [["intent", "publish"]])).status).toBe(200);
    xss.option = getRound(xss.round)!.options[0]!.id;
    getDb().$client.prepare("update rounds set opens_at = ? where id = ?").run(Date.now() - HOUR, xss.round);
    expect((await submit("rounds.$id", nino, round, [["option", String(xss.option)]])).headers.get("Location")).toBe(`/rounds/${xss.round}/voted`);

    // A survey: its title, section, questions, choices and labels by staff; a written answer by a resident, published by staff.
    xss.survey = idFrom(await submit("hub.surveys.new", moderator, {}, [...both("title", MARK.surveyTitle), ...both("description", MARK.surveyDescription), ["opensAt", localTime(-HOUR)], ["closesAt", localTime(5 * DAY)], ["audience", "residents"], ["anonymous", "on"], ["onePerPerson", "on"]]), /^\/hub\/surveys\/(\d+)\?created=1$/);
    const survey = { id: String(xss.survey) };
    xss.section = getSurvey(xss.survey)!.sections[0]!.id;
    expect((await submit("hub.surveys.$id", moderator, survey, [["intent", "renameSection"], ["target", String(xss.section)], ...both("title", MARK.sectionTitle)])).status).toBe(200);
    const question = (fields: Fields) => submit("hub.surveys.$id_.questions.$qid", moderator, { ...survey, qid: "new" }, fields, `?section=${xss.section}`);
    expect((await question([["type", "long"], ...both("text", MARK.questionText), ...both("help", MARK.questionHelp)])).status).toBe(302);
    expect((await question([["type", "single"], ...both("text", "Pick one"), ...both("options", `${MARK.choice}\nA plain choice`), ["other", "on"]])).status).toBe(302);
    expect((await question([["type", "scale"], ...both("text", "Rate it"), ["scale", "1-5"], ...both("minLabel", MARK.scaleLabel), ...both("maxLabel", "High")])).status).toBe(302);
    expect((await submit("hub.surveys.$id", moderator, survey, [["intent", "publish"]])).status).toBe(200);
    const [long, single, scale] = getSurvey(xss.survey)!.questions;
    xss.questions = [long!.id, single!.id, scale!.id];
    const answered = await submit("surveys.$id_.$page", nino, { ...survey, page: "1" }, [[`q${long!.id}`, MARK.textAnswer], [`q${single!.id}`, "other"], [`q${single!.id}-other`, MARK.otherAnswer], [`q${scale!.id}`, "4"]]);
    expect(answered.headers.get("Location")).toBe(`/surveys/${xss.survey}/done`);
    const answerIds = getDb().$client.prepare("select id from survey_answers where text in (?, ?)").pluck().all(MARK.textAnswer, MARK.otherAnswer) as number[];
    expect(answerIds).toHaveLength(2);
    for (const answer of answerIds) expect((await submit("hub.surveys.$id_.results", moderator, survey, [["intent", "publish"], ["answer", String(answer)]])).status).toBe(200);
    expect((await submit("hub.plan", moderator, {}, [["intent", "link"], ["goal", goal], ["kind", "question"], ["targetId", String(long!.id)], ["measureId", String(xss.measure)]])).status).toBe(200);
  });

  it("every page shows them only as text, while the round and survey are open and after they close", async () => {
    await renderEverything("open");
    // Closing shows what only closed rounds and surveys show (public survey results, final round results).
    expect((await submit("hub.rounds.$id", demo.cookies.moderator, { id: String(xss.round) }, [["intent", "close"]])).status).toBe(200);
    const closed = await submit("hub.surveys.$id", demo.cookies.moderator, { id: String(xss.survey) }, [["intent", "settings"], ...both("title", MARK.surveyTitle), ...both("description", MARK.surveyDescription), ["opensAt", localTime(-2 * DAY)], ["closesAt", localTime(-HOUR)], ["audience", "residents"], ["anonymous", "on"], ["onePerPerson", "on"]]);
    expect(closed.status).toBe(200);
    await renderEverything("closed");

    const summary = (Object.keys(MARK) as Mark[]).map((m) => `${tagOf(m).padEnd(9)} ${m.padEnd(20)} ${seen.get(m)?.size ?? 0} views: ${[...new Set([...(seen.get(m) ?? [])].map((w) => w.split(" as ")[0]))].join(", ")}`);
    console.log(`[fuzz] stored payloads and where they were rendered (escaped):\n  ${summary.join("\n  ")}`);
    expect(renderFailures, renderFailures.slice(0, 10).join("\n")).toEqual([]);
    // Every text was found on some page: the check above had something to check.
    expect((Object.keys(MARK) as Mark[]).filter((m) => !seen.get(m)?.size)).toEqual([]);
    const on = (mark: Mark, page: string) => expect([...(seen.get(mark) ?? [])].some((w) => w.startsWith(`${page} as`)), `${mark} on ${page}`).toBe(true);
    on("ideaTitle", "ideas.$id");
    on("ideaDescription", "ideas.$id");
    on("answer", "ideas.$id");
    on("comment", "ideas.$id");
    on("reply", "ideas.$id");
    on("displayName", "ideas.$id");
    on("note", "ideas.$id_.edit");
    on("correctionReason", "ideas.$id");
    on("comment", "hub.ideas.$id");
    on("measureTitle", "plan.$goalId");
    on("progressReport", "hub.plan_.measures.$id");
    on("optionTitle", "rounds.$id");
    on("roundTitle", "rounds._index");
    on("surveyTitle", "surveys.$id");
    on("questionText", "surveys.$id_.$page");
    on("choice", "surveys.$id_.$page");
    on("textAnswer", "hub.surveys.$id_.results");
    on("textAnswer", "surveys.$id_.results");
    expect((globalThis as { __x?: unknown }).__x).toBeUndefined();
  });
});

// ─── Hostile requests to every loader and action ────────────────────────────────────────

describe("hostile requests", () => {
  const targets = ROUTES.flatMap((route) => (["loader", "action"] as const).filter((kind) => fnOf(route, kind)).map((kind) => ({ route, kind })));

  it(`reach at least 10,000 requests (${targets.filter((t) => t.kind === "loader").length} loaders × ${LOADER_CASES} + ${targets.filter((t) => t.kind === "action").length} actions × ${ACTION_CASES})`, () => {
    const planned = targets.reduce((n, t) => n + (t.kind === "loader" ? LOADER_CASES : ACTION_CASES), 0);
    expect(planned).toBeGreaterThanOrEqual(10_000);
  });

  it.each(targets.map((t) => [`${t.route.file} ${t.kind}`, t] as const))("%s", async (_name, { route, kind }) => {
    const started = performance.now();
    const fn = fnOf(route, kind)!;
    const failures: string[] = [];
    if (ONLY) console.log(`[fuzz] only ${ONLY}`);
    const cases = kind === "loader" ? LOADER_CASES : ACTION_CASES;
    for (let i = 0; i < cases; i++) {
      if (ONLY && ONLY !== caseId(route, kind, i)) continue;
      const sent = kind === "loader" ? await loaderCase(route, i) : await actionCase(route, i);
      failures.push(...(await judge(fn, sent)).failures);
    }
    stats.fuzzMs += performance.now() - started;
    expect(failures, report(failures)).toEqual([]);
  });
});

// ─── Afterwards ─────────────────────────────────────────────────────────────────────────

describe("after all that", () => {
  it("the app still answers: the home page, the health check, and a normal idea submission", async () => {
    const home = await visit("_index", null, {}, "");
    expect(home.status).toBe(200);
    expect((await visit("healthz", null, {}, "")).status).toBe(200);
    const before = tableCounts();
    const submitted = await submit("ideas.new", demo.cookies.irina, {}, [["intent", "submit"], ["title", "Benches along the river"], ["description", "The river walk has nowhere to sit for two kilometres."], ["goalId", String(fx.goals[0])], ["districtId", String(fx.districts[0])], ["consent", "on"]]);
    const id = idFrom(submitted, /^\/ideas\/(\d+)\?submitted=1$/);
    expect(tableCounts().ideas).toBe(before.ideas + 1);
    const page = (await (await visit("ideas.$id", demo.cookies.irina, { id: String(id) }, "")).json()) as { idea: { title: string }; isAuthor: boolean };
    expect(page).toMatchObject({ idea: { title: "Benches along the river" }, isAuthor: true });
    if (!ONLY) expect(stats.requests).toBeGreaterThanOrEqual(10_000);
  });
});
