// Issue 7, "Authorisation": walks test/authz-table.ts. Every route module in this folder must have
// a row for its loader and its action; every row is called as each of five people (anonymous, a
// resident, a verified resident, a moderator, an admin), in-process, as a browser would send it,
// and must give the table's status. A refused request must change nothing in the database.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { consents, roundOptions, rounds, users } from "#db/schema";
import { toLocalTime } from "~/domain/rounds";
import { changeStatus, createIdea, setIdeaHidden } from "~/models/ideas.server";
import { getMunicipality, listDistricts, listGoals } from "~/models/municipality.server";
import { createMeasure } from "~/models/plan.server";
import { castBallot, createRound, enterPaperBallot, getRound, savePhoto } from "~/models/rounds.server";
import { addQuestion, createSurvey, getSurvey, setSurveyPublished, submitResponse, textAnswers, type QuestionColumns } from "~/models/surveys.server";
import { createUser } from "~/models/users.server";
import { getDb } from "~/utils/db.server";
import { hashPassword } from "~/utils/password.server";
import { signedInDemo } from "../../test/accounts";
import { AUTHZ, LOGIN, ROLES, type Fixtures, type Outcome, type Role, type Row } from "../../test/authz-table";
import { call, context, ORIGIN, sessionCookieFor, type DataFunction } from "../../test/requests";

// ─── The route modules ──────────────────────────────────────────────────────────────────

type RouteModule = { loader?: DataFunction; action?: DataFunction };
const FUNCTIONS = ["loader", "action"] as const;
type Fn = (typeof FUNCTIONS)[number];

// Every route module Remix would load from this folder (flat files, and folders with a route file),
// never the tests: importing a test would run its tests here.
const imported = import.meta.glob<RouteModule>(["./*.{ts,tsx,js,jsx}", "./*/route.{ts,tsx,js,jsx}", "!./**/*.test.*"], { eager: true });
const ROUTES: Record<string, RouteModule> = Object.fromEntries(Object.entries(imported).map(([key, mod]) => [key.replace(/^\.\//, ""), mod]));

/** Route files on disk the walk does not import (a kind of route file the glob above does not know). */
function notImported(): string[] {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const onDisk = fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    if (d.name.startsWith(".") || /\.test\./.test(d.name)) return [];
    if (d.isFile()) return [d.name];
    if (!d.isDirectory()) return [];
    return fs.readdirSync(path.join(dir, d.name)).filter((n) => /^route\.[a-z]+$/.test(n)).map((n) => `${d.name}/${n}`);
  });
  return onDisk.filter((name) => !(name in ROUTES));
}

function tableProblems(): string[] {
  const problems = notImported().map((name) => `${name}: a route file this test does not import (add its kind to the glob, and give it rows)`);
  for (const [file, mod] of Object.entries(ROUTES)) {
    const entry = AUTHZ[file];
    if (!entry) {
      const exported = FUNCTIONS.filter((fn) => typeof mod[fn] === "function");
      problems.push(`${file}: no row in test/authz-table.ts${exported.length ? ` (it exports ${exported.join(" and ")})` : ""}`);
      continue;
    }
    for (const fn of FUNCTIONS) {
      const exported = typeof mod[fn] === "function";
      if (exported && !entry[fn]?.length) problems.push(`${file}: exports a ${fn} that has no row in test/authz-table.ts`);
      if (!exported && entry[fn]) problems.push(`${file}: the table has ${fn} rows, but the route exports no ${fn}`);
    }
  }
  for (const file of Object.keys(AUTHZ)) if (!(file in ROUTES)) problems.push(`${file}: the table has rows for it, but there is no such route module in app/routes`);
  return problems;
}

// ─── Fixtures ───────────────────────────────────────────────────────────────────────────

const DAY = 86_400_000;
const PHOTO = { data: Buffer.from("authz full photo"), thumbnail: Buffer.from("authz thumbnail"), width: 1, height: 1, contentType: "image/webp" };

let f: Fixtures;

beforeAll(async () => {
  const demo = await signedInDemo();
  const goal = listGoals()[0]!.id;
  const district = listDistricts()[0]!.id;
  const admin = demo.ids.admin;
  const moderator = demo.ids.moderator;
  const resident = demo.ids.nino;
  /** A third resident: the author of the public ideas, so that neither role under test wrote them. */
  const other = demo.ids.elvin;
  const verified = createUser({ displayName: "Verified Resident", identifier: { kind: "email", value: "verified@authz.test" }, passwordHash: "x" })!.id;
  getDb().update(users).set({ verifiedAt: new Date(Date.now() - DAY), districtId: district }).where(eq(users.id, verified)).run();
  const login = { identifier: "signs-in@authz.test", password: "authz-password-2030" };
  createUser({ displayName: "Signs In", identifier: { kind: "email", value: login.identifier }, passwordHash: await hashPassword(login.password) });

  let count = 0;
  const idea = (authorId: number, extra: { waiting?: boolean; photo?: boolean } = {}) => {
    count += 1;
    return createIdea({
      authorId,
      title: `ავტორიზაციის იდეა ${count}`,
      description: "ბულვარზე საკმარისი სკამები არ არის, ხანდაზმულებს დასვენება უჭირთ.",
      goalId: goal,
      districtId: district,
      moderation: extra.waiting ? "pre" : "post",
      photo: extra.photo ? PHOTO : undefined,
    });
  };
  const hide = (ideaId: number) => {
    setIdeaHidden({ ideaId, actorId: moderator, hidden: true, reason: "offensive" });
    return ideaId;
  };
  const sendBack = (ideaId: number) => {
    const result = changeStatus({ ideaId, actorId: moderator, to: "changes_requested", note: "გთხოვთ, მიუთითოთ ადგილი." });
    if (!result.ok) throw new Error(`changes_requested: ${result.reason}`);
    return ideaId;
  };

  const round = (options: { published: boolean; opens: number; closes: number; budget?: boolean; eligibility?: "residents" | "verified" }) => {
    count += 1;
    const id = createRound({
      title: { ka: `ავტორიზაციის კენჭისყრა ${count}`, en: `Authorisation vote ${count}` },
      description: {},
      method: options.budget ? "budget" : "approval",
      maxChoices: options.budget ? null : 1,
      budget: options.budget ? 100_000 : null,
      budgetRule: options.budget ? "greedy" : null,
      published: options.published,
      resultsShown: "after",
      opensAt: new Date(Date.now() + options.opens * DAY),
      closesAt: new Date(Date.now() + options.closes * DAY),
      options: ["პარკი", "სკვერი"].map((ka) => ({ title: { ka }, description: {}, cost: options.budget ? 40_000 : null })),
    });
    if (options.eligibility) getDb().update(rounds).set({ eligibility: options.eligibility }).where(eq(rounds.id, id)).run();
    return { id, option: getRound(id)!.options[0]!.id };
  };
  const withPhoto = (optionId: number) => {
    getDb().update(roundOptions).set({ photoId: savePhoto(PHOTO) }).where(eq(roundOptions.id, optionId)).run();
    return optionId;
  };

  const single: QuestionColumns = { type: "single", text: { ka: "მოგწონთ?" }, help: {}, required: false, settings: {}, condition: null, options: [{ ka: "კი" }, { ka: "არა" }] };
  const survey = (audience: "anyone" | "residents" | "verified", options: { published?: boolean; opens?: number; closes?: number; demographics?: boolean; extra?: QuestionColumns } = {}) => {
    count += 1;
    const id = createSurvey(
      {
        title: { ka: `ავტორიზაციის გამოკითხვა ${count}`, en: `Authorisation survey ${count}` },
        description: {},
        opensAt: new Date(Date.now() + (options.opens ?? -1) * DAY),
        closesAt: new Date(Date.now() + (options.closes ?? 5) * DAY),
        audience,
        anonymous: false,
        onePerPerson: true,
        demographics: options.demographics ?? false,
        publicCrosstabs: false,
      },
      admin,
    );
    const section = getSurvey(id)!.sections[0]!.id;
    for (const q of [single, ...(options.extra ? [options.extra] : [])]) {
      const added = addQuestion(id, section, q, admin);
      if (!added.ok) throw new Error(`addQuestion: ${added.reason}`);
    }
    if (options.published ?? true) setSurveyPublished(id, true, admin);
    const questions = getSurvey(id)!.questions;
    return { id, section, question: questions[0]!.id, option: questions[0]!.options[0]!.id, last: questions.at(-1)!.id };
  };

  // Rounds that stay as they are: every row that votes makes its own.
  const draftRound = round({ published: false, opens: 10, closes: 20 });
  const draftPhoto = withPhoto(draftRound.option);
  const openRound = round({ published: true, opens: -1, closes: 7 });
  const openPhoto = withPhoto(openRound.option);
  const voted = round({ published: true, opens: -1, closes: 7 });
  for (const userId of [resident, verified, moderator, admin]) castBallot({ roundId: voted.id, userId, districtId: null, choices: [{ optionId: voted.option }] });
  const closedBudget = round({ published: true, opens: -10, closes: -1, budget: true });
  for (let i = 0; i < 5; i++) enterPaperBallot({ roundId: closedBudget.id, enteredBy: admin, districtId: null, choices: [{ optionId: closedBudget.option }] });

  const draftSurvey = survey("residents", { published: false });
  const closed = survey("anyone", { opens: -10, closes: -1, extra: { type: "short", text: { ka: "რა გინდათ?" }, help: {}, required: false, settings: {}, condition: null, options: [] } });
  submitResponse({ surveyId: closed.id, who: null, onePerPerson: false, anonymous: false, userId: null, channel: "paper", enteredBy: admin, day: new Date(Date.now() - 2 * DAY).toISOString().slice(0, 10), rows: [{ questionId: closed.last, optionId: null, rowId: null, num: null, text: "მეტი ხე" }] });

  let emails = 0;
  f = {
    users: { resident, verified, moderator, admin },
    goal,
    district,
    measure: createMeasure(goal, { title: { ka: "ველობილიკი" }, description: {}, department: {}, status: "planned", progress: 0, startsOn: "2027-01-01", endsOn: "2028-12-31" }, admin),
    login,
    ideas: {
      published: idea(other),
      publishedWithPhoto: idea(other, { photo: true }),
      hiddenWithPhoto: hide(idea(resident, { photo: true })),
      submitted: idea(resident, { waiting: true }),
      changesRequested: sendBack(idea(resident, { waiting: true })),
    },
    rounds: {
      draft: { id: draftRound.id, option: getRound(draftRound.id)!.options[1]!.id, photoOption: draftPhoto },
      open: { id: openRound.id, photoOption: openPhoto },
      voted: { id: voted.id },
      closedBudget: { id: closedBudget.id },
    },
    surveys: {
      draft: { id: draftSurvey.id, question: draftSurvey.question },
      open: { id: survey("anyone", { demographics: true }).id },
      residents: { id: survey("residents").id },
      verified: { id: survey("verified", { demographics: true }).id },
      closed: { id: closed.id, textAnswer: textAnswers(closed.last, { publishedOnly: false })[0]!.id },
    },
    localTime: (days) => toLocalTime(new Date(Date.now() + days * DAY), getMunicipality().timeZone),
    fresh: {
      publishedIdea: () => idea(other),
      submittedIdea: () => idea(resident, { waiting: true }),
      changesRequestedIdea: () => sendBack(idea(resident, { waiting: true })),
      hiddenIdea: () => hide(idea(other)),
      draftRound: () => round({ published: false, opens: 10, closes: 20 }),
      openRound: (eligibility) => round({ published: true, opens: -1, closes: 7, eligibility }),
      survey: (audience, options = {}) => survey(audience, options),
      draftSurvey: () => {
        const s = survey("residents", { published: false });
        return { id: s.id, section: s.section };
      },
      residentConsent: () => getDb().insert(consents).values({ userId: resident, kind: "privacy-notice", version: "authz" }).returning({ id: consents.id }).get().id,
      email: () => `authz-${++emails}@authz.test`,
      resident: () => createUser({ displayName: "New Resident", identifier: { kind: "email", value: `resident-${++emails}@authz.test` }, passwordHash: "x" })!.id,
    },
  };
});

// ─── Calling a route as a browser would ─────────────────────────────────────────────────

let addresses = 0;
/** Each call from its own address: per-IP rate limits are tested elsewhere. */
function nextIp(): string {
  addresses += 1;
  return `10.77.${(addresses >> 8) & 255}.${addresses & 255}`;
}

const client = () => getDb().$client;
const changesSoFar = () => client().prepare("select total_changes()").pluck().get() as number;
const rowsIn = (table: string) => client().prepare(`select count(*) from "${table}"`).pluck().get() as number;
const snapshot = (tables: readonly string[]) => ({ changes: changesSoFar(), rows: Object.fromEntries(tables.map((t) => [t, rowsIn(t)])) });

/** `{name}` from the route params; a final `*` matches any ending. */
function expand(location: string, params: Record<string, string>): string {
  return location.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`the table's location ${location} names {${name}}, which is not a param of the request`);
    return params[name]!;
  });
}

function shown(status: number, location: string | null): string {
  return location === null ? String(status) : `${status} → ${location}`;
}

/** What the table expects, written as a response is shown (`302 → /path`), given the actual answer for `*`. */
function expected(outcome: Outcome, url: URL, params: Record<string, string>, actual: string): string {
  if (outcome === LOGIN) return shown(302, `/login?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
  if (typeof outcome === "number") return String(outcome);
  const location = expand(outcome.location, params);
  if (location.endsWith("*")) {
    const prefix = shown(302, location.slice(0, -1));
    return actual.startsWith(prefix) ? actual : `${prefix}…`;
  }
  return shown(302, location);
}

/** Refused: sign in first, 401, 403, a redirect the table marks as refusing, or a 404 that hides what another role can see. */
function isRefusal(row: Row, index: number): boolean {
  const outcome = row.expect[index]!;
  if (outcome === LOGIN) return true;
  if (typeof outcome === "object") return outcome.refused;
  if (outcome === 401 || outcome === 403) return true;
  return outcome === 404 && row.expect.some((o) => o !== 404);
}

function isSuccess(outcome: Outcome): boolean {
  if (outcome === LOGIN) return false;
  if (typeof outcome === "object") return !outcome.refused;
  return outcome >= 200 && outcome < 300;
}

async function visit(file: string, fn: Fn, handler: DataFunction, row: Row, role: Role, index: number) {
  const req = row.request(f);
  const url = new URL(req.path, ORIGIN);
  const params = req.params ?? {};
  const headers: Record<string, string> = {};
  // A session of its own for every call: signing out or a password reset must not sign out later rows.
  if (role !== "anonymous") headers.Cookie = await sessionCookieFor(f.users[role]);
  let request: Request;
  if (fn === "loader") request = new Request(url, { headers });
  else {
    // A browser's form post: its Origin says it comes from a page of this site (server/security.ts).
    headers.Origin = ORIGIN;
    const body = req.body instanceof FormData ? req.body : new URLSearchParams(Object.entries(req.body ?? {}).flatMap(([k, v]) => [v].flat().map((item) => [k, item])));
    request = new Request(url, { method: "POST", headers, body });
  }
  const where = `${file} ${fn}${row.name ? ` (${row.name})` : ""} as ${role}: ${request.method} ${req.path}`;
  const tables = row.writes ?? [];
  const before = snapshot(tables);
  let actual: string;
  let detail = "";
  try {
    const response = await call(handler, request, params, context(nextIp()));
    actual = shown(response.status, response.status >= 300 && response.status < 400 ? response.headers.get("Location") : null);
    // Read every body, streamed exports too: nothing is left running, and an error says why.
    const bytes = await response.arrayBuffer();
    if (response.status >= 400) detail = ` — answered ${new TextDecoder().decode(bytes).slice(0, 200)}`;
  } catch (thrown) {
    actual = "500 (threw)";
    detail = ` — threw ${thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown)}`;
  }
  const after = snapshot(tables);
  const outcome = row.expect[index]!;
  expect.soft(actual, `${where}${detail}`).toBe(expected(outcome, url, params, actual));
  if (isRefusal(row, index)) {
    expect.soft(after, `${where}: refused, so nothing may change in the database`).toEqual(before);
  } else if (isSuccess(outcome)) {
    for (const table of tables) expect.soft(after.rows[table], `${where}: allowed, so a row is added to ${table}`).toBeGreaterThan(before.rows[table]!);
  }
}

// ─── The walk ───────────────────────────────────────────────────────────────────────────

describe("authorisation: every route, as every role (test/authz-table.ts)", () => {
  it("has a row for every route module and every loader and action, and no row for a route that is gone", () => {
    const problems = tableProblems();
    expect(problems, `test/authz-table.ts is out of date:\n  ${problems.join("\n  ")}\n`).toEqual([]);
  });

  for (const [file, entry] of Object.entries(AUTHZ)) {
    for (const fn of FUNCTIONS) {
      for (const row of entry[fn] ?? []) {
        const handler = ROUTES[file]?.[fn];
        // A row for a route or function that is gone is reported by the check above.
        it.skipIf(!handler)(`${file} ${fn}${row.name ? ` (${row.name})` : ""}`, async () => {
          for (const [index, role] of ROLES.entries()) await visit(file, fn, handler!, row, role, index);
        });
      }
    }
  }
});
