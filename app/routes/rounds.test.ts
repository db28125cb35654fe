// Voting rounds as residents and the open-data API meet them: which rounds can be seen, casting and
// changing a ballot for each method, every refusal (and that nothing is then stored), eligibility,
// the rate limit, and the published results: when they show, both budget rules, turnout with small
// districts hidden, and the CSV.
import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { ballotChoices, ballots, users } from "#db/schema";
import { listDistricts } from "~/models/municipality.server";
import { castBallot, closeNow, createRound, getRound, savePhoto, type NewRound } from "~/models/rounds.server";
import { createUser } from "~/models/users.server";
import { getDb } from "~/utils/db.server";
import { RATE_LIMITS } from "~/utils/rate-limit.server";
import { signedInDemo, type DemoName } from "../../test/accounts";
import { call, getRequest, ORIGIN, sessionCookieFor } from "../../test/requests";
import { renderPage } from "../../test/render";
import { loader as apiLoader } from "./api.v1.rounds.$id.results";
import { loader as csvLoader } from "./api.v1.rounds.$id.results[.]csv";
import { action as ballotAction, loader as ballotLoader } from "./rounds.$id";
import ResultsPage, { loader as resultsLoader } from "./rounds.$id_.results";
import { loader as votedLoader } from "./rounds.$id_.voted";
import { loader as listLoader } from "./rounds._index";
import { loader as photoLoader } from "./rounds.options.$optionId.photo";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let demo = {} as Record<DemoName, string>;
let demoIds = {} as Record<DemoName, number>;
let districts: number[] = [];

beforeAll(async () => {
  ({ cookies: demo, ids: demoIds } = await signedInDemo());
  districts = listDistricts().map((d) => d.id);
});

// ─── Accounts ───────────────────────────────────────────────────────────────────────────

type Voter = { id: number; cookie: string; email: string; name: string };
let voterCount = 0;

/** A new signed-in resident: each test votes with its own accounts, so the ballot rate limit never leaks between tests. */
async function voter(opts: { districtId?: number | null; verified?: boolean } = {}): Promise<Voter> {
  voterCount += 1;
  const email = `voter${voterCount}@rounds-route.test`;
  const name = `Voter Number${voterCount}`;
  const user = createUser({ displayName: name, identifier: { kind: "email", value: email }, passwordHash: "x" })!;
  getDb()
    .update(users)
    .set({ districtId: opts.districtId ?? null, verifiedAt: opts.verified ? new Date() : null })
    .where(eq(users.id, user.id))
    .run();
  return { id: user.id, cookie: await sessionCookieFor(user.id), email, name };
}

// ─── Rounds ─────────────────────────────────────────────────────────────────────────────

type When = "open" | "upcoming" | "closed";
const PERIODS: Record<When, { opensAt: Date; closesAt: Date }> = {
  open: { opensAt: new Date(Date.now() - DAY), closesAt: new Date(Date.now() + 7 * DAY) },
  upcoming: { opensAt: new Date(Date.now() + DAY), closesAt: new Date(Date.now() + 7 * DAY) },
  closed: { opensAt: new Date(Date.now() - 7 * DAY), closesAt: new Date(Date.now() - DAY) },
};

type Made = { id: number; options: number[] };

function makeRound(
  extra: Partial<Omit<NewRound, "options">> & { when?: When; titles?: string[]; costs?: number[]; eligibility?: "residents" | "verified" | "districts"; eligibleDistricts?: number[] } = {},
): Made {
  const { when = "open", titles = ["Parks", "Buses", "Clean air", "Jobs"], costs, eligibility, eligibleDistricts, ...rest } = extra;
  const id = createRound({
    title: { ka: "პრიორიტეტები", en: "Priorities of the city" },
    description: { ka: "აირჩიეთ", en: "Choose" },
    method: "approval",
    maxChoices: 2,
    published: true,
    resultsShown: "live",
    ...PERIODS[when],
    ...rest,
    options: titles.map((t, i) => ({ title: { ka: `${t} ka`, en: t }, description: { ka: "აღწერა" }, cost: costs?.[i] ?? null })),
  });
  if (eligibility) {
    getDb().$client.prepare("update rounds set eligibility = ?, eligible_districts = ? where id = ?").run(eligibility, eligibleDistricts ? JSON.stringify(eligibleDistricts) : null, id);
  }
  return { id, options: getRound(id)!.options.map((o) => o.id) };
}

/** Every ballot of a round with its choices, as the database holds them. */
function stored(roundId: number) {
  const db = getDb();
  const rows = db.select().from(ballots).where(eq(ballots.roundId, roundId)).all();
  const choices = rows.length ? db.select().from(ballotChoices).where(inArray(ballotChoices.ballotId, rows.map((b) => b.id))).all() : [];
  return rows.map((b) => ({
    ...b,
    choices: choices
      .filter((c) => c.ballotId === b.id)
      .map((c) => ({ optionId: c.optionId, rank: c.rank, points: c.points }))
      .sort((x, y) => x.optionId - y.optionId),
  }));
}

// ─── Requests ───────────────────────────────────────────────────────────────────────────

type Who = Voter | DemoName | null;

function cookieOf(who: Who): Record<string, string> {
  if (!who) return {};
  return { Cookie: typeof who === "string" ? demo[who] : who.cookie };
}

function get(who: Who, path: string) {
  return getRequest(path, cookieOf(who));
}

/** A ballot as the page's form sends it: fields in order, urlencoded. */
function cast(who: Who, roundId: number, fields: Array<[string, string]>) {
  const request = new Request(`${ORIGIN}/rounds/${roundId}`, { method: "POST", body: new URLSearchParams(fields), headers: cookieOf(who) });
  return call(ballotAction, request, { id: String(roundId) });
}

const approve = (...ids: number[]): Array<[string, string]> => ids.map((id) => ["option", String(id)]);

function view(who: Who, roundId: number, query = "") {
  return call(ballotLoader, get(who, `/rounds/${roundId}${query}`), { id: String(roundId) });
}

function results(who: Who, roundId: number, query = "") {
  return call(resultsLoader, get(who, `/rounds/${roundId}/results${query}`), { id: String(roundId) });
}

function api(roundId: number, query = "", who: Who = null) {
  return call(apiLoader, get(who, `/api/v1/rounds/${roundId}/results${query}`), { id: String(roundId) });
}

function csv(roundId: number, query = "") {
  return call(csvLoader, get(null, `/api/v1/rounds/${roundId}/results.csv${query}`), { id: String(roundId) });
}

type BallotReply = { error: string; choices: unknown[] };
type ApiResults = {
  language: string;
  id: number;
  title: string;
  method: string;
  phase: string;
  budget: { amount: number; rule: string; greedy: { funded: number[]; spent: number }; mes: { funded: number[]; spent: number } } | null;
  turnout: { total: number; byDistrict: Array<{ districtId: number | null; district: string | null; ballots: number | null }>; byChannel: Array<{ channel: string; ballots: number }> };
  options: Array<{ id: number; title: string; ballots: number; score: number; funded: { greedy: boolean; mes: boolean } | null }>;
};
type ResultsData = { staffOnly: boolean; results: Omit<ApiResults, "language"> | null; language: string };

// ─── Which rounds residents see ─────────────────────────────────────────────────────────

describe("/rounds and /rounds/:id: what residents can see", () => {
  it("lists published rounds only: a draft's title never appears, in any language", async () => {
    const open = makeRound({ title: { ka: "ღია კენჭისყრა", en: "An open vote on parks" } });
    const closed = makeRound({ when: "closed", title: { ka: "დახურული", en: "A closed vote on buses" } });
    makeRound({ published: false, title: { ka: "საიდუმლო მონახაზი", en: "A secret draft" } });
    for (const [who, lng] of [[null, "en"], ["nino", "ka"], ["nino", "en"], ["admin", "en"]] as const) {
      const response = await call(listLoader, get(who, `/rounds?lng=${lng}`));
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).not.toContain("secret draft");
      expect(text).not.toContain("საიდუმლო მონახაზი");
      const data = JSON.parse(text) as { current: Array<{ id: number; title: string }>; closed: Array<{ id: number }> };
      expect(data.current.map((r) => r.id)).toContain(open.id);
      expect(data.closed.map((r) => r.id)).toContain(closed.id);
      expect(data.current.map((r) => r.id)).not.toContain(closed.id);
    }
  });

  it("answers 404 for a draft to anonymous visitors and residents, and shows it to staff as a preview", async () => {
    const draft = makeRound({ published: false });
    for (const who of [null, "nino", "irina", "elvin"] as const) {
      expect((await view(who, draft.id)).status, String(who)).toBe(404);
      expect((await results(who, draft.id)).status, String(who)).toBe(404);
    }
    for (const who of ["moderator", "admin"] as const) {
      const response = await view(who, draft.id, "?lng=en");
      expect(response.status).toBe(200);
      const data = (await response.json()) as { preview: boolean; round: { title: string; phase: string }; options: Array<{ id: number }> };
      expect(data).toMatchObject({ preview: true, round: { title: "Priorities of the city", phase: "draft" } });
      expect(data.options.map((o) => o.id)).toEqual(draft.options);
    }
    // The API never serves a preview, even to staff.
    expect((await api(draft.id, "", "admin")).status).toBe(404);
  });

  it("answers 404 for a round that does not exist or an id that is not a number", async () => {
    expect((await view("nino", 999_999)).status).toBe(404);
    for (const id of ["abc", "0", "1e3", "-1"]) {
      expect((await call(ballotLoader, get("nino", `/rounds/${id}`), { id })).status, id).toBe(404);
      expect((await call(apiLoader, get(null, `/api/v1/rounds/${id}/results`), { id })).status, id).toBe(404);
    }
  });

  it("shows a published round's ballot page with its options in the visitor's language", async () => {
    const round = makeRound();
    const response = await view(null, round.id, "?lng=en");
    expect(response.status).toBe(200);
    const data = (await response.json()) as { preview: boolean; signedIn: boolean; round: { phase: string; method: string }; options: Array<{ title: string }>; own: unknown };
    expect(data).toMatchObject({ preview: false, signedIn: false, own: null, round: { phase: "open", method: "approval" } });
    expect(data.options.map((o) => o.title)).toEqual(["Parks", "Buses", "Clean air", "Jobs"]);
  });
});

// ─── Casting a ballot ───────────────────────────────────────────────────────────────────

describe("casting a ballot", () => {
  it("approval: records the ticked options, confirms them on /voted, and a second ballot replaces the first", async () => {
    const round = makeRound();
    const [a, b, c] = round.options as [number, number, number];
    const me = await voter();

    const first = await cast(me, round.id, approve(a, b));
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe(`/rounds/${round.id}/voted`);
    expect(stored(round.id).map((s) => s.choices.map((x) => x.optionId))).toEqual([[a, b].sort((x, y) => x - y)]);

    const voted = await call(votedLoader, get(me, `/rounds/${round.id}/voted?lng=en`), { id: String(round.id) });
    expect(voted.status).toBe(200);
    const data = (await voted.json()) as { round: { open: boolean }; choices: Array<{ id: number; title: string }> };
    expect(data.round.open).toBe(true);
    expect(data.choices).toEqual([
      { id: a, title: "Parks", rank: null, points: null },
      { id: b, title: "Buses", rank: null, points: null },
    ]);

    // Changing the ballot: still one ballot, holding only the last choices.
    expect((await cast(me, round.id, approve(c))).status).toBe(302);
    const after = stored(round.id);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ userId: me.id, channel: "online", choices: [{ optionId: c, rank: null, points: null }] });
    expect(after[0]!.updatedAt).toBeInstanceOf(Date);
    const again = (await (await call(votedLoader, get(me, `/rounds/${round.id}/voted?lng=en`), { id: String(round.id) })).json()) as typeof data;
    expect(again.choices.map((x) => x.title)).toEqual(["Clean air"]);

    // The ballot page shows the account its own ballot to change.
    const page = (await (await view(me, round.id)).json()) as { own: Array<{ optionId: number }> };
    expect(page.own).toEqual([{ optionId: c }]);
  });

  it("ranked: records ranks from the rank-<id> selects, ignoring unranked options, and lists them in order", async () => {
    const round = makeRound({ method: "ranked", maxChoices: 3 });
    const [a, b, c, d] = round.options as [number, number, number, number];
    const me = await voter();
    const response = await cast(me, round.id, [
      [`rank-${a}`, "2"],
      [`rank-${b}`, ""],
      [`rank-${c}`, "1"],
      [`rank-${d}`, "3"],
    ]);
    expect(response.status).toBe(302);
    expect(stored(round.id)[0]!.choices).toEqual(
      [
        { optionId: a, rank: 2, points: null },
        { optionId: c, rank: 1, points: null },
        { optionId: d, rank: 3, points: null },
      ].sort((x, y) => x.optionId - y.optionId),
    );
    const voted = (await (await call(votedLoader, get(me, `/rounds/${round.id}/voted?lng=en`), { id: String(round.id) })).json()) as { choices: Array<{ title: string; rank: number }> };
    expect(voted.choices.map((x) => [x.rank, x.title])).toEqual([
      [1, "Clean air"],
      [2, "Parks"],
      [3, "Jobs"],
    ]);

    expect((await cast(me, round.id, [[`rank-${b}`, "1"]])).status).toBe(302);
    expect(stored(round.id)).toHaveLength(1);
    expect(stored(round.id)[0]!.choices).toEqual([{ optionId: b, rank: 1, points: null }]);
  });

  it("points: records the points per option, drops zeros, and lists them on /voted", async () => {
    const round = makeRound({ method: "points", maxChoices: null, pointsTotal: 10, pointsPerOption: 6 });
    const [a, b, c, d] = round.options as [number, number, number, number];
    const me = await voter();
    const response = await cast(me, round.id, [
      [`points-${a}`, "6"],
      [`points-${b}`, "0"],
      [`points-${c}`, "4"],
      [`points-${d}`, ""],
    ]);
    expect(response.status).toBe(302);
    expect(stored(round.id)[0]!.choices).toEqual(
      [
        { optionId: a, rank: null, points: 6 },
        { optionId: c, rank: null, points: 4 },
      ].sort((x, y) => x.optionId - y.optionId),
    );
    const voted = (await (await call(votedLoader, get(me, `/rounds/${round.id}/voted?lng=en`), { id: String(round.id) })).json()) as { choices: Array<{ title: string; points: string }> };
    expect(voted.choices.map((x) => [x.title, x.points])).toEqual([
      ["Parks", "6"],
      ["Clean air", "4"],
    ]);

    expect((await cast(me, round.id, [[`points-${d}`, "1"]])).status).toBe(302);
    expect(stored(round.id)).toHaveLength(1);
    expect(stored(round.id)[0]!.choices).toEqual([{ optionId: d, rank: null, points: 1 }]);
  });

  it("budget: records the ticked projects within the budget, with the voter's district", async () => {
    const district = districts[2]!;
    const round = makeRound({ method: "budget", maxChoices: null, budget: 100_000, budgetRule: "mes", costs: [60_000, 40_000, 50_000, 30_000] });
    const [a, b, c, d] = round.options as [number, number, number, number];
    const me = await voter({ districtId: district });
    expect((await cast(me, round.id, approve(a, b))).status).toBe(302);
    expect(stored(round.id)).toMatchObject([{ userId: me.id, districtId: district, choices: [{ optionId: a }, { optionId: b }] }]);
    expect((await cast(me, round.id, approve(c, d))).status).toBe(302);
    expect(stored(round.id)).toHaveLength(1);
    expect(stored(round.id)[0]!.choices.map((x) => x.optionId)).toEqual([c, d]);
  });

  it("sends someone who has not voted from /voted back to the ballot, and an anonymous visitor to sign in", async () => {
    const round = makeRound();
    const me = await voter();
    const mine = await call(votedLoader, get(me, `/rounds/${round.id}/voted`), { id: String(round.id) });
    expect(mine.status).toBe(302);
    expect(mine.headers.get("Location")).toBe(`/rounds/${round.id}`);
    const anonymous = await call(votedLoader, get(null, `/rounds/${round.id}/voted`), { id: String(round.id) });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });
});

// ─── Refused ballots ────────────────────────────────────────────────────────────────────

describe("refused ballots: 400 with the reason, and nothing stored", () => {
  type Case = [string, NewRoundKind, (o: number[], other: number[]) => Array<[string, string]>, string];
  type NewRoundKind = "approval" | "ranked" | "points" | "budget";
  const rounds: Record<NewRoundKind, () => Made> = {
    approval: () => makeRound({ method: "approval", maxChoices: 2 }),
    ranked: () => makeRound({ method: "ranked", maxChoices: 3 }),
    points: () => makeRound({ method: "points", maxChoices: null, pointsTotal: 10, pointsPerOption: 6 }),
    budget: () => makeRound({ method: "budget", maxChoices: null, budget: 100_000, budgetRule: "greedy", costs: [60_000, 40_000, 50_000, 30_000] }),
  };
  const cases: Case[] = [
    ["approval: three options where two are allowed", "approval", (o) => approve(o[0]!, o[1]!, o[2]!), "tooManyChoices"],
    ["approval: nothing ticked", "approval", () => [], "empty"],
    ["approval: an option id that does not exist", "approval", (o) => approve(o[0]!, 999_999), "unknownOption"],
    ["approval: an option of another round", "approval", (_o, other) => approve(other[0]!), "unknownOption"],
    ["approval: the same option twice", "approval", (o) => approve(o[0]!, o[0]!), "duplicateOption"],
    ["ranked: four ranks where three are allowed", "ranked", (o) => o.map((id, i): [string, string] => [`rank-${id}`, String(i + 1)]), "tooManyChoices"],
    ["ranked: ranks 1 and 3 (no 2)", "ranked", (o) => [[`rank-${o[0]}`, "1"], [`rank-${o[1]}`, "3"]], "ranksNotInOrder"],
    ["ranked: rank 2 alone", "ranked", (o) => [[`rank-${o[0]}`, "2"]], "ranksNotInOrder"],
    ["ranked: two options both ranked 1", "ranked", (o) => [[`rank-${o[0]}`, "1"], [`rank-${o[1]}`, "1"]], "ranksNotInOrder"],
    ["ranked: rank 0", "ranked", (o) => [[`rank-${o[0]}`, "0"], [`rank-${o[1]}`, "1"]], "ranksNotInOrder"],
    ["ranked: nothing ranked", "ranked", (o) => [[`rank-${o[0]}`, ""]], "empty"],
    ["ranked: an unknown option ranked", "ranked", () => [["rank-999999", "1"]], "unknownOption"],
    ["points: 11 points where 10 are allowed", "points", (o) => [[`points-${o[0]}`, "6"], [`points-${o[1]}`, "5"]], "tooManyPoints"],
    ["points: 7 points on one option where 6 are allowed", "points", (o) => [[`points-${o[0]}`, "7"]], "tooManyPointsOnOne"],
    ["points: only zeros", "points", (o) => [[`points-${o[0]}`, "0"], [`points-${o[1]}`, "0"]], "empty"],
    ["points: points on an unknown option", "points", () => [["points-999999", "3"]], "unknownOption"],
    ["budget: 110 000 GEL of projects in a 100 000 GEL budget", "budget", (o) => approve(o[0]!, o[2]!), "overBudget"],
    ["budget: every project", "budget", (o) => approve(...o), "overBudget"],
    ["budget: nothing ticked", "budget", () => [], "empty"],
  ];

  it.each(cases)("%s", async (_name, kind, fields, error) => {
    const round = rounds[kind]();
    const other = makeRound();
    const me = await voter();
    const response = await cast(me, round.id, fields(round.options, other.options));
    expect(response.status).toBe(400);
    const body = (await response.json()) as BallotReply;
    expect(body.error).toBe(error);
    expect(stored(round.id)).toEqual([]);
    expect(stored(other.id)).toEqual([]);
  });

  it("keeps the earlier ballot untouched when a change is refused", async () => {
    const round = makeRound();
    const [a, b, c] = round.options as [number, number, number];
    const me = await voter();
    expect((await cast(me, round.id, approve(a))).status).toBe(302);
    const before = stored(round.id);
    const response = await cast(me, round.id, approve(a, b, c));
    expect(response.status).toBe(400);
    expect(((await response.json()) as BallotReply).error).toBe("tooManyChoices");
    expect(stored(round.id)).toEqual(before);
  });

  describe("a body no form of ours would send is 400, never 500", () => {
    const malformed: Array<[string, (o: number[]) => BodyInit]> = [
      ["an option that is not a number", () => new URLSearchParams([["option", "parks"]])],
      ["an option id of 0", () => new URLSearchParams([["option", "0"]])],
      ["an option id with a minus sign", () => new URLSearchParams([["option", "-3"]])],
      ["an option id of 11 digits", () => new URLSearchParams([["option", "12345678901"]])],
      [
        "a file in the option field",
        (o) => {
          const data = new FormData();
          data.append("option", String(o[0]));
          data.append("option", new File(["<?php ?>"], "x.php", { type: "application/x-php" }));
          return data;
        },
      ],
      [
        "a file under any other name",
        (o) => {
          const data = new FormData();
          data.append("option", String(o[0]));
          data.append("photo", new File(["hello"], "a.txt", { type: "text/plain" }));
          return data;
        },
      ],
    ];
    it.each(malformed)("%s", async (_name, body) => {
      const round = makeRound();
      const me = await voter();
      const request = new Request(`${ORIGIN}/rounds/${round.id}`, { method: "POST", body: body(round.options), headers: { Cookie: me.cookie } });
      const response = await call(ballotAction, request, { id: String(round.id) });
      expect(response.status).toBe(400);
      expect(stored(round.id)).toEqual([]);
    });

    it("a rank or points value that is not a whole number", async () => {
      const ranked = makeRound({ method: "ranked", maxChoices: 3 });
      const points = makeRound({ method: "points", maxChoices: null, pointsTotal: 10 });
      const me = await voter();
      for (const [round, field, value] of [
        [ranked, "rank", "first"],
        [ranked, "rank", "1.5"],
        [points, "points", "-1"],
        [points, "points", "2e3"],
        [points, "points", "9999999"],
      ] as const) {
        const response = await cast(me, round.id, [[`${field}-${round.options[0]}`, value]]);
        expect(response.status, `${field}=${value}`).toBe(400);
      }
      expect(stored(ranked.id)).toEqual([]);
      expect(stored(points.id)).toEqual([]);
    });

    it("a multipart body that breaks off", async () => {
      const round = makeRound();
      const me = await voter();
      const request = new Request(`${ORIGIN}/rounds/${round.id}`, {
        method: "POST",
        body: `--xyz\r\nContent-Disposition: form-data; name="option"\r\n\r\n${round.options[0]}`,
        headers: { Cookie: me.cookie, "Content-Type": "multipart/form-data; boundary=xyz" },
      });
      expect((await call(ballotAction, request, { id: String(round.id) })).status).toBe(400);
      expect(stored(round.id)).toEqual([]);
    });
  });

  it("answers 415 to a body that is not a form (JSON, plain text)", async () => {
    const round = makeRound();
    const me = await voter();
    for (const [type, body] of [
      ["application/json", JSON.stringify({ option: [round.options[0]] })],
      ["text/plain", `option=${round.options[0]}`],
    ] as const) {
      const request = new Request(`${ORIGIN}/rounds/${round.id}`, { method: "POST", body, headers: { Cookie: me.cookie, "Content-Type": type } });
      expect((await call(ballotAction, request, { id: String(round.id) })).status, type).toBe(415);
    }
    expect(stored(round.id)).toEqual([]);
  });

  it("sends an anonymous ballot to sign in, back to the round, and stores nothing", async () => {
    const round = makeRound();
    const response = await cast(null, round.id, approve(round.options[0]!));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/login?redirectTo=%2Frounds%2F${round.id}`);
    expect(stored(round.id)).toEqual([]);
  });
});

describe("rounds that are not open refuse ballots with 409, and store nothing", () => {
  it("an upcoming round", async () => {
    const round = makeRound({ when: "upcoming" });
    const me = await voter();
    const response = await cast(me, round.id, approve(round.options[0]!));
    expect(response.status).toBe(409);
    expect(((await response.json()) as BallotReply).error).toBe("closed");
    expect(stored(round.id)).toEqual([]);
  });

  it("a closed round, and a round closed early by staff", async () => {
    const closed = makeRound({ when: "closed" });
    const closedEarly = makeRound();
    const me = await voter();
    expect((await cast(me, closedEarly.id, approve(closedEarly.options[0]!))).status).toBe(302);
    const before = stored(closedEarly.id);
    expect(closeNow(closedEarly.id, demoIds.admin)).toBe(true);
    for (const round of [closed, closedEarly]) {
      const response = await cast(me, round.id, approve(round.options[1]!));
      expect(response.status).toBe(409);
      expect(((await response.json()) as BallotReply).error).toBe("closed");
    }
    expect(stored(closed.id)).toEqual([]);
    expect(stored(closedEarly.id)).toEqual(before);
  });

  it("a draft: 404 for a resident (it does not exist for them), 409 for staff trying their own preview", async () => {
    // Note: a resident cannot tell a draft from a missing round, so the answer is 404, not 409.
    const draft = makeRound({ published: false });
    const me = await voter();
    expect((await cast(me, draft.id, approve(draft.options[0]!))).status).toBe(404);
    const staff = await cast("moderator", draft.id, approve(draft.options[0]!));
    expect(staff.status).toBe(409);
    expect(((await staff.json()) as BallotReply).error).toBe("closed");
    expect(stored(draft.id)).toEqual([]);
  });
});

describe("who may vote", () => {
  it("a round for verified residents refuses an unverified account with 403, and takes it once verified", async () => {
    const round = makeRound({ eligibility: "verified" });
    const me = await voter();
    const page = (await (await view(me, round.id)).json()) as { refusal: string | null };
    expect(page.refusal).toBe("verifiedOnly");
    const refused = await cast(me, round.id, approve(round.options[0]!));
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as BallotReply).error).toBe("refused");
    expect(stored(round.id)).toEqual([]);

    getDb().update(users).set({ verifiedAt: new Date() }).where(eq(users.id, me.id)).run();
    expect(((await (await view(me, round.id)).json()) as { refusal: string | null }).refusal).toBeNull();
    expect((await cast(me, round.id, approve(round.options[0]!))).status).toBe(302);
    expect(stored(round.id)).toHaveLength(1);
  });

  it("a round for some districts refuses residents of another district or of none, and takes its own", async () => {
    const [mine, other] = districts as [number, number];
    const round = makeRound({ eligibility: "districts", eligibleDistricts: [mine] });
    const elsewhere = await voter({ districtId: other });
    const nowhere = await voter({ districtId: null });
    for (const who of [elsewhere, nowhere]) {
      const response = await cast(who, round.id, approve(round.options[0]!));
      expect(response.status).toBe(403);
      expect(((await response.json()) as BallotReply).error).toBe("refused");
      expect(((await (await view(who, round.id)).json()) as { refusal: string | null }).refusal).toBe("otherDistrict");
    }
    expect(stored(round.id)).toEqual([]);
    const local = await voter({ districtId: mine });
    expect((await cast(local, round.id, approve(round.options[0]!))).status).toBe(302);
    expect(stored(round.id)).toMatchObject([{ userId: local.id, districtId: mine }]);
  });
});

describe("the ballot rate limit", () => {
  it(`takes ${RATE_LIMITS.ballotPerAccount.limit} submissions from one account in the window, then 429 with Retry-After and nothing stored`, async () => {
    const round = makeRound();
    const [a, b] = round.options as [number, number];
    const me = await voter();
    const { limit, windowMs } = RATE_LIMITS.ballotPerAccount;
    for (let i = 0; i < limit; i++) {
      expect((await cast(me, round.id, approve(a))).status, `submission ${i + 1}`).toBe(302);
    }
    const before = stored(round.id);
    const response = await cast(me, round.id, approve(b));
    expect(response.status).toBe(429);
    expect(((await response.json()) as BallotReply).error).toBe("limited");
    const retry = Number(response.headers.get("Retry-After"));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(windowMs / 1000);
    expect(stored(round.id)).toEqual(before);
    expect(stored(round.id)[0]!.choices.map((c) => c.optionId)).toEqual([a]);

    // Another account is not held back.
    const neighbour = await voter();
    expect((await cast(neighbour, round.id, approve(b))).status).toBe(302);
    expect(stored(round.id)).toHaveLength(2);
  });
});

// ─── Results ────────────────────────────────────────────────────────────────────────────

describe("when results are shown", () => {
  it('"after": hidden from the public while open (page says not yet, API and CSV 404), shown to staff with a staff-only notice', async () => {
    const round = makeRound({ resultsShown: "after", title: { ka: "შედეგები მერე", en: "Results later" } });
    const me = await voter();
    expect((await cast(me, round.id, approve(round.options[0]!))).status).toBe(302);

    for (const who of [null, me, "nino"] as const) {
      const response = await results(who, round.id, "?lng=en");
      expect(response.status).toBe(200);
      const data = (await response.json()) as ResultsData;
      expect(data).toMatchObject({ staffOnly: false, results: null });
    }
    const page = await renderPage(ResultsPage, await (await results(null, round.id, "?lng=en")).json(), `/rounds/${round.id}/results?lng=en`, "en");
    expect(page).toContain("The results will be published when voting closes");
    expect(page).not.toContain("Parks");
    // The ballot page does not link to results either.
    expect(((await (await view(me, round.id)).json()) as { results: boolean }).results).toBe(false);

    const hidden = await api(round.id);
    expect(hidden.status).toBe(404);
    expect(hidden.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect((await csv(round.id)).status).toBe(404);

    for (const who of ["moderator", "admin"] as const) {
      const data = (await (await results(who, round.id, "?lng=en")).json()) as ResultsData;
      expect(data.staffOnly).toBe(true);
      // One ballot: a group of fewer than five, never shown as a number.
      expect(data.results?.turnout.total).toBeNull();
    }
    const staffData = await (await results("admin", round.id, "?lng=en")).json();
    const staffPage = await renderPage(ResultsPage, staffData, `/rounds/${round.id}/results?lng=en`, "en");
    expect(staffPage).toContain("Only hub staff can see these results until the vote closes.");
    expect(staffPage).toContain("Parks");
  });

  it('"after": visible to everyone once the round is closed (early, by staff), without the staff-only notice', async () => {
    const round = makeRound({ resultsShown: "after" });
    const me = await voter();
    expect((await cast(me, round.id, approve(round.options[1]!))).status).toBe(302);
    expect(closeNow(round.id, demoIds.admin)).toBe(true);
    for (const who of [null, "nino", "admin"] as const) {
      const data = (await (await results(who, round.id, "?lng=en")).json()) as ResultsData;
      expect(data.staffOnly).toBe(false);
      expect(data.results).toMatchObject({ phase: "closed", turnout: { total: null } });
    }
    const response = await api(round.id, "?lng=en");
    expect(response.status).toBe(200);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const data = (await response.json()) as ApiResults;
    expect(data.options[0]).toMatchObject({ id: round.options[1], title: "Buses", ballots: 1, score: 1 });
    const page = await renderPage(ResultsPage, await (await results(null, round.id, "?lng=en")).json(), `/rounds/${round.id}/results?lng=en`, "en");
    expect(page).not.toContain("Only hub staff");
  });

  it('"live": shows the results to everyone while the round is open', async () => {
    const round = makeRound({ resultsShown: "live" });
    const [a, b] = round.options as [number, number];
    for (const choice of [[a, b], [a], [b, a]]) expect((await cast(await voter(), round.id, approve(...choice))).status).toBe(302);
    const data = (await (await results(null, round.id, "?lng=en")).json()) as ResultsData;
    expect(data.staffOnly).toBe(false);
    expect(data.results?.phase).toBe("open");
    expect(data.results?.options.slice(0, 2).map((o) => [o.id, o.ballots])).toEqual([
      [a, 3],
      [b, 2],
    ]);
    const response = await api(round.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=30");
    const page = await renderPage(ResultsPage, data, `/rounds/${round.id}/results?lng=en`, "en");
    expect(page).toContain("Voting is still open");
  });
});

describe("budget results", () => {
  it("report both rules' funded projects and money spent: greedy funds 1 and 2 (100 000), equal shares 2 and 4 (70 000)", async () => {
    const round = makeRound({
      method: "budget",
      maxChoices: null,
      budget: 100_000,
      budgetRule: "mes",
      titles: ["Project 1", "Project 2", "Project 3", "Project 4"],
      costs: [60_000, 40_000, 50_000, 30_000],
    });
    const [p1, p2, p3, p4] = round.options as [number, number, number, number];
    for (const choice of [[p1, p2], [p1, p2], [p3, p4]]) expect((await cast(await voter(), round.id, approve(...choice))).status).toBe(302);

    const response = await api(round.id, "?lng=en");
    expect(response.status).toBe(200);
    const data = (await response.json()) as ApiResults;
    expect(data.budget).toMatchObject({ amount: 100_000, rule: "mes" });
    expect([...data.budget!.greedy.funded].sort((x, y) => x - y)).toEqual([p1, p2].sort((x, y) => x - y));
    expect(data.budget!.greedy.spent).toBe(100_000);
    expect([...data.budget!.mes.funded].sort((x, y) => x - y)).toEqual([p2, p4].sort((x, y) => x - y));
    expect(data.budget!.mes.spent).toBe(70_000);
    const funded = Object.fromEntries(data.options.map((o) => [o.id, o.funded]));
    expect(funded).toEqual({
      [p1]: { greedy: true, mes: false },
      [p2]: { greedy: true, mes: true },
      [p3]: { greedy: false, mes: false },
      [p4]: { greedy: false, mes: true },
    });

    // The page leads with the round's own rule and compares with the other.
    const page = await renderPage(ResultsPage, await (await results(null, round.id, "?lng=en")).json(), `/rounds/${round.id}/results?lng=en`, "en");
    expect(page).toContain("This vote is decided by the Method of Equal Shares.");
    expect(page).toContain("70,000 of 100,000 GEL");
    expect(page).toContain("the greedy rule would fund 2 projects for 100,000 GEL");
  });
});

describe("turnout by district", () => {
  function ballotsIn(roundId: number, optionId: number, counts: Array<[number | null, number]>) {
    for (const [districtId, n] of counts) {
      for (let i = 0; i < n; i++) {
        const id = createUser({ displayName: "Turnout Voter", identifier: { kind: "email", value: `turnout-${roundId}-${districtId}-${i}@rounds-route.test` }, passwordHash: "x" })!.id;
        castBallot({ roundId, userId: id, districtId, choices: [{ optionId }] });
      }
    }
  }

  it("hides a district with 1–4 ballots as null (“fewer than 5”) and then also the smallest shown one, so the total gives nothing away; zero stays 0", async () => {
    const [a, b, c] = districts as [number, number, number];
    const round = makeRound();
    ballotsIn(round.id, round.options[0]!, [
      [a, 7],
      [b, 3],
      [c, 6],
    ]);
    const data = (await (await api(round.id, "?lng=en")).json()) as ApiResults;
    expect(data.turnout.total).toBe(16);
    const by = new Map(data.turnout.byDistrict.map((d) => [d.districtId, d.ballots]));
    expect(by.get(a)).toBe(7);
    expect(by.get(b)).toBeNull();
    // With only b hidden, 16 − 7 − 6 would give b away: c (the smallest shown) is hidden too.
    expect(by.get(c)).toBeNull();
    // Every other district is listed, with 0.
    expect(data.turnout.byDistrict).toHaveLength(districts.length);
    for (const d of districts.slice(3)) expect(by.get(d)).toBe(0);
    expect(JSON.stringify(data)).not.toMatch(/"ballots":[1-4],"?/);

    const pageData = await (await results(null, round.id, "?lng=en")).json();
    const page = await renderPage(ResultsPage, pageData, `/rounds/${round.id}/results?lng=en`, "en");
    expect(page.match(/fewer than 5/g)).toHaveLength(3); // twice in the table, once in the lead
    expect(page).toContain("To protect voters' privacy");
  });

  it("hides two small districts on their own without hiding a large one", async () => {
    const [a, b, c] = districts as [number, number, number];
    const round = makeRound();
    ballotsIn(round.id, round.options[0]!, [
      [a, 2],
      [b, 1],
      [c, 8],
    ]);
    const data = (await (await api(round.id)).json()) as ApiResults;
    const by = new Map(data.turnout.byDistrict.map((d) => [d.districtId, d.ballots]));
    expect([by.get(a), by.get(b), by.get(c)]).toEqual([null, null, 8]);
    expect(data.turnout.total).toBe(11);
  });

  it("shows the ballots without a district as their own row, hidden below five like any group", async () => {
    const [a] = districts as [number];
    const round = makeRound();
    ballotsIn(round.id, round.options[0]!, [
      [a, 9],
      [null, 2],
    ]);
    const data = (await (await api(round.id)).json()) as ApiResults;
    const by = new Map(data.turnout.byDistrict.map((d) => [d.districtId, d.ballots]));
    expect(by.get(null)).toBeNull();
    // The only other group is hidden with it.
    expect(by.get(a)).toBeNull();
    expect(data.turnout.total).toBe(11);
  });
});

describe("the CSV", () => {
  it("starts with a BOM, is text/csv with CORS open, has its header in the requested language, and defuses a formula title", async () => {
    const round = makeRound({ when: "open", titles: ["=SUM(A1)", "+1+1", "Plain; with \"quotes\""] });
    const [formula] = round.options as [number];
    expect((await cast(await voter(), round.id, approve(formula))).status).toBe(302);

    const response = await csv(round.id, "?lng=en");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/csv\b/);
    expect(response.headers.get("Content-Type")).toContain("charset=utf-8");
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="khma-round-${round.id}-results.csv"`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes).slice(1);
    const lines = text.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("id,Option,Ballots,Ballots naming it");
    expect(lines).toHaveLength(4);
    // No cell may start with = + - @ for Excel to run: the formula is prefixed with '.
    const cells = lines.flatMap((l) => l.split(","));
    expect(cells.some((c) => /^["]?[=+\-@]/.test(c))).toBe(false);
    expect(text).toContain("'=SUM(A1)");
    expect(lines[1]).toBe(`${formula},'=SUM(A1),1,1`);

    // The same table in Georgian.
    const ka = new TextDecoder().decode(new Uint8Array(await (await csv(round.id, "?lng=ka")).arrayBuffer()));
    expect(ka.split("\r\n")[0]).not.toContain("Option");
  });
});

describe("privacy of the published results", () => {
  it("the results JSON, page data and CSV name no voter: no account ids, e-mails or names", async () => {
    const round = makeRound();
    const voters = [await voter({ districtId: districts[0]! }), await voter({ districtId: districts[0]! })];
    for (const v of voters) expect((await cast(v, round.id, approve(round.options[0]!))).status).toBe(302);
    closeNow(round.id, demoIds.admin);
    const texts = [await (await api(round.id, "?lng=en")).text(), await (await results("admin", round.id, "?lng=en")).text(), await (await csv(round.id, "?lng=en")).text()];
    for (const text of texts) {
      expect(text).not.toMatch(/userId|user_id|email|displayName|enteredBy/i);
      for (const v of voters) {
        expect(text).not.toContain(v.email);
        expect(text).not.toContain(v.name);
      }
    }
  });
});

// ─── Option photos ──────────────────────────────────────────────────────────────────────

describe("an option's photo", () => {
  function withPhoto(published: boolean) {
    const round = makeRound({ published });
    const photoId = savePhoto({ data: Buffer.from("RIFF....WEBPfull"), thumbnail: Buffer.from("RIFF....WEBPthumb"), width: 10, height: 10, contentType: "image/webp" });
    getDb().$client.prepare("update round_options set photo_id = ? where id = ?").run(photoId, round.options[0]);
    return round.options[0]!;
  }

  function photo(who: Who, optionId: number | string, query = "") {
    return call(photoLoader, get(who, `/rounds/options/${optionId}/photo${query}`), { optionId: String(optionId) });
  }

  it("serves a published round's photo to anyone, and the thumbnail on ?size=thumb", async () => {
    const optionId = withPhoto(true);
    const full = await photo(null, optionId);
    expect(full.status).toBe(200);
    expect(full.headers.get("Content-Type")).toBe("image/webp");
    expect(full.headers.get("Cache-Control")).toBe("public, max-age=86400");
    expect(await full.text()).toContain("full");
    expect(await (await photo(null, optionId, "?size=thumb")).text()).toContain("thumb");
  });

  it("keeps a draft round's photo for staff (404 to everyone else, never cached)", async () => {
    const optionId = withPhoto(false);
    expect((await photo(null, optionId)).status).toBe(404);
    expect((await photo("nino", optionId)).status).toBe(404);
    const staff = await photo("moderator", optionId);
    expect(staff.status).toBe(200);
    expect(staff.headers.get("Cache-Control")).toBe("private, no-store");
  });

  it("answers 404 for an option without a photo or an id that is not a number", async () => {
    const round = makeRound();
    expect((await photo(null, round.options[1]!)).status).toBe(404);
    expect((await photo(null, "abc")).status).toBe(404);
  });
});
