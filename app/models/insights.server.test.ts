// The insights aggregates on a small hand-made data set: four weeks of March 2025 (Tbilisi time,
// UTC+4), with accounts, ideas and their answers, supports, ballots on paper and online, and survey
// responses with and without age and gender. Every expected number below is counted by hand.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { isProtected } from "~/domain/suppression";
import { getDb } from "~/utils/db.server";
import { getT } from "~/utils/i18n.server";
import {
  channelParticipation,
  defaultFrom,
  demographics,
  districtParticipation,
  exportTable,
  FIGURES_MAX_AGE_MS,
  forgetInsightsFigures,
  goalsBySupports,
  ideasBySupports,
  insightsFigures,
  localToday,
  moderationWorkload,
  periodOf,
  readInsightsFilter,
  weeklyParticipation,
  type InsightsFilter,
} from "./insights.server";
import { listDistricts, listGoals } from "./municipality.server";
import { checkParticipationCounts, ensureParticipationCounts } from "./participation.server";
import { createUser } from "./users.server";

const HOUR = 3_600_000;
const TZ = "Asia/Tbilisi";
/** A wall-clock time in Tbilisi (UTC+4), as stored: UTC milliseconds. */
const at = (day: string, hour = 12, minute = 0) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)), hour, minute) - 4 * HOUR;

const MARCH: InsightsFilter = { from: "2025-03-03", to: "2025-03-30", district: null, goal: null };
const WEEKS = ["2025-03-03", "2025-03-10", "2025-03-17", "2025-03-24"];


let D: number[] = [];
let G: number[] = [];
const ids: Record<string, number> = {};
let admin = 0;

let people = 0;
function resident(name: string, district: number | null, created: number, role: "resident" | "moderator" = "resident"): number {
  people += 1;
  const user = createUser({ displayName: `Insights Person${people}`, identifier: { kind: "email", value: `p${people}@insights.test` }, passwordHash: "x", role })!;
  getDb().run(sql`update users set district_id = ${district}, created_at = ${created} where id = ${user.id}`);
  ids[name] = user.id;
  return user.id;
}

function idea(name: string, o: { district: number; goal: number; created: number; status: string; hidden?: boolean }) {
  const row = getDb().get<{ id: number }>(sql`
    insert into ideas (author_id, title, description, goal_id, district_id, status, hidden, created_at, published_at)
    values (${ids.u1 ?? null}, ${`Idea ${name}`}, ${"A description long enough."}, ${o.goal}, ${o.district}, ${o.status}, ${o.hidden ? 1 : 0}, ${o.created}, ${o.created})
    returning id`)!;
  ids[name] = row.id;
  getDb().run(sql`insert into idea_events (idea_id, kind, to_status, created_at) values (${row.id}, 'status', 'published', ${o.created})`);
}

function event(ideaName: string, toStatus: string, when: number, kind = "status") {
  getDb().run(sql`insert into idea_events (idea_id, kind, from_status, to_status, created_at) values (${ids[ideaName]!}, ${kind}, 'published', ${toStatus}, ${when})`);
}

function support(ideaName: string, userName: string, when: number) {
  getDb().run(sql`insert into supports (idea_id, user_id, created_at) values (${ids[ideaName]!}, ${ids[userName]!}, ${when})`);
}

function ballot(o: { channel: "online" | "paper" | "import"; user?: string; district: number | null; created: number; options: number[] }) {
  const row = getDb().get<{ id: number }>(sql`
    insert into ballots (round_id, user_id, channel, entered_by, district_id, created_at)
    values (${ids.round!}, ${o.user ? ids[o.user]! : null}, ${o.channel}, ${o.channel === "online" ? null : admin}, ${o.district}, ${o.created})
    returning id`)!;
  for (const option of o.options) getDb().run(sql`insert into ballot_choices (ballot_id, option_id) values (${row.id}, ${option})`);
}

function responses(count: number, o: { day: string; channel?: "online" | "paper" | "import"; age?: string | null; gender?: string | null; district?: number | null }) {
  const channel = o.channel ?? "online";
  for (let i = 0; i < count; i++) {
    getDb().run(sql`
      insert into survey_responses (survey_id, channel, entered_by, day, age_band, gender, district_id)
      values (${ids.survey!}, ${channel}, ${channel === "online" ? null : admin}, ${o.day}, ${o.age ?? null}, ${o.gender ?? null}, ${o.district ?? null})`);
  }
}

beforeAll(() => {
  // Counted from the start: every row below reaches participation_days through the triggers.
  ensureParticipationCounts(4 * HOUR);
  D = listDistricts().map((d) => d.id);
  G = listGoals().map((g) => g.id);
  admin = getDb().get<{ id: number }>(sql`select id from users where role = 'admin' limit 1`)!.id;

  // Accounts: new in weeks 1, 2, 2, 4, 4; one before the period, one after, a moderator (not a resident).
  resident("u1", D[0]!, at("2025-03-04"));
  resident("u2", D[0]!, at("2025-03-11"));
  resident("u3", D[0]!, at("2025-03-12"));
  resident("u4", D[1]!, at("2025-03-25"));
  resident("u5", null, at("2025-03-26"));
  resident("u6", D[0]!, at("2024-12-01"));
  resident("u7", D[1]!, at("2025-05-01"));
  resident("staff", D[0]!, at("2025-03-05"), "moderator");
  // Twenty older accounts in the third district: 20 per 13,900 residents = 1.4 per 1,000.
  for (let i = 0; i < 20; i++) resident(`old${i}`, D[2]!, at("2024-06-01"));

  // Ideas: A, B, X in week 1 (X hidden), C in week 2, D in week 3, F (merged) and H (waiting) in week 4; E before the period.
  idea("A", { district: D[0]!, goal: G[0]!, created: at("2025-03-04", 10), status: "accepted" });
  idea("B", { district: D[1]!, goal: G[1]!, created: at("2025-03-05", 10), status: "under_review" });
  idea("C", { district: D[0]!, goal: G[1]!, created: at("2025-03-12", 10), status: "published" });
  idea("D", { district: D[2]!, goal: G[0]!, created: at("2025-03-19", 10), status: "rejected" });
  idea("E", { district: D[0]!, goal: G[1]!, created: at("2025-02-20", 10), status: "published" });
  idea("F", { district: D[1]!, goal: G[0]!, created: at("2025-03-26", 10), status: "merged" });
  idea("H", { district: D[0]!, goal: G[0]!, created: at("2025-03-27", 10), status: "submitted" });
  idea("X", { district: D[0]!, goal: G[0]!, created: at("2025-03-06", 10), status: "published", hidden: true });
  // First answers after 2, 10 and 4 days; a later status of A does not count again.
  event("A", "accepted", at("2025-03-06", 10));
  event("A", "in_progress", at("2025-03-20", 10));
  event("B", "under_review", at("2025-03-15", 10));
  event("D", "rejected", at("2025-03-23", 10));
  event("F", "merged", at("2025-03-28", 10), "merged");

  // Supports. Week 1: A·u1, X×5. Week 2: A·u2, B·u1 (Monday 01:00 in Tbilisi, still Sunday in UTC).
  // Week 3: A·u3, C·u2, E·u1, E·u2, E·u3. Week 4: A·u4, A·u6 (the last minute), C·u4, C·u5, E·u4.
  support("A", "u1", at("2025-03-04"));
  for (const u of ["u1", "u2", "u3", "u6"]) support("X", u, at("2025-03-05"));
  support("X", "u5", at("2025-03-06"));
  support("A", "u2", at("2025-03-11"));
  support("B", "u1", at("2025-03-10", 1));
  support("A", "u3", at("2025-03-18"));
  support("C", "u2", at("2025-03-20"));
  support("E", "u1", at("2025-03-21"));
  support("E", "u2", at("2025-03-22"));
  support("E", "u3", at("2025-03-23"));
  support("A", "u4", at("2025-03-25"));
  support("A", "u6", at("2025-03-30", 23, 30));
  support("C", "u4", at("2025-03-28"));
  support("C", "u5", at("2025-03-29"));
  support("E", "u4", at("2025-03-24"));
  // Outside the period: just after its end, and just before its start.
  support("A", "u7", at("2025-03-31", 0, 30));
  support("C", "u1", at("2025-03-02", 23, 30));

  // Reports: open on X and on a comment of C; resolved on A.
  const comment = getDb().get<{ id: number }>(sql`insert into comments (idea_id, author_id, body) values (${ids.C!}, ${ids.u2!}, 'A comment') returning id`)!.id;
  getDb().run(sql`insert into reports (target_type, target_id, reporter_id, reason) values ('idea', ${ids.X!}, ${ids.u1!}, 'offensive')`);
  getDb().run(sql`insert into reports (target_type, target_id, reporter_id, reason) values ('comment', ${comment}, ${ids.u3!}, 'offensive')`);
  getDb().run(sql`insert into reports (target_type, target_id, reporter_id, reason, resolved_at) values ('idea', ${ids.A!}, ${ids.u2!}, 'spam', ${at("2025-03-10")})`);

  // A round with an option of goal 0, one of goal 1 and one without a goal.
  ids.round = getDb().get<{ id: number }>(sql`
    insert into rounds (title, description, method, max_choices, opens_at, closes_at, published)
    values ('{"ka":"რაუნდი"}', '{}', 'approval', 3, ${at("2025-03-01")}, ${at("2025-04-30")}, 1) returning id`)!.id;
  const option = (goal: number | null, position: number) =>
    getDb().get<{ id: number }>(sql`insert into round_options (round_id, title, description, goal_id, position) values (${ids.round!}, '{"ka":"ვარიანტი"}', '{}', ${goal}, ${position}) returning id`)!.id;
  const [o1, o2, o3] = [option(G[0]!, 0), option(G[1]!, 1), option(null, 2)];
  ballot({ channel: "online", user: "u1", district: D[0]!, created: at("2025-03-05"), options: [o1] });
  ballot({ channel: "online", user: "u2", district: D[0]!, created: at("2025-03-12"), options: [o2] });
  ballot({ channel: "online", user: "u4", district: D[1]!, created: at("2025-03-26"), options: [o1, o2] });
  ballot({ channel: "paper", district: D[2]!, created: at("2025-03-13"), options: [o3] });
  ballot({ channel: "import", district: null, created: at("2025-03-27"), options: [o1] });
  ballot({ channel: "online", user: "u3", district: D[0]!, created: at("2025-04-02"), options: [o1] });

  // Survey responses: 7 + 6 + 3 + 1 in the four weeks, one after.
  ids.survey = getDb().get<{ id: number }>(sql`
    insert into surveys (title, description, opens_at, closes_at, demographics, published)
    values ('{"ka":"გამოკითხვა"}', '{}', ${at("2025-03-01")}, ${at("2025-04-30")}, 1, 1) returning id`)!.id;
  responses(7, { day: "2025-03-05", age: "25-34", gender: "female", district: D[0]! });
  responses(6, { day: "2025-03-12", channel: "paper", age: "35-44", gender: "male", district: D[0]! });
  responses(2, { day: "2025-03-19", age: "65+", gender: "male", district: D[1]! });
  responses(1, { day: "2025-03-20", channel: "import" });
  responses(1, { day: "2025-03-30", age: "16-24", district: D[2]! });
  responses(1, { day: "2025-03-31", age: "25-34", gender: "female", district: D[0]! });
});

const period = (filter: InsightsFilter = MARCH) => periodOf(filter, TZ);

// ─── The filter ─────────────────────────────────────────────────────────────────────────

describe("the filter", () => {
  const lists = () => ({ today: "2026-11-25", districtIds: D, goalIds: G });
  const read = (query: string) => readInsightsFilter(new URLSearchParams(query), lists());

  it("defaults to the last 26 weeks: from the Monday 25 weeks before this week's, to today", () => {
    expect(read("")).toEqual({ from: "2026-06-01", to: "2026-11-25", district: null, goal: null });
    expect(defaultFrom("2026-11-25")).toBe("2026-06-01"); // Wednesday 25 November → Monday 23 November − 25 weeks
    expect(periodOf(read(""), TZ).weeks).toHaveLength(26);
  });

  it("keeps valid values", () => {
    expect(read(`from=2025-03-03&to=2025-03-30&district=${D[1]}&goal=${G[2]}`)).toEqual({ from: "2025-03-03", to: "2025-03-30", district: D[1], goal: G[2] });
  });

  it("falls back to the defaults for values that are not valid, never throwing", () => {
    const defaults = read("");
    for (const query of [
      "from=yesterday&to=2026-13-45&district=abc&goal=-1",
      "from=2025-02-30&to=2026-02-29&district=0&goal=1.5",
      "from=1999-12-31&to=2101-01-01&district=99999999999999&goal=",
      "from=%00&to=%E2%80%8B&district=%3Cscript%3E",
      "district=999999&goal=999999",
    ]) {
      expect(read(query), query).toEqual(defaults);
    }
    // A start after the end, or more than three years before it: the default start for that end.
    expect(read("from=2025-06-01&to=2025-03-30")).toEqual({ ...MARCH, from: defaultFrom("2025-03-30") });
    expect(read("from=2020-01-01&to=2025-03-30")).toEqual({ ...MARCH, from: defaultFrom("2025-03-30") });
  });

  it("the period runs from local midnight to local midnight, in Monday weeks", () => {
    const p = period();
    expect(new Date(p.fromMs).toISOString()).toBe("2025-03-02T20:00:00.000Z");
    expect(new Date(p.toMs).toISOString()).toBe("2025-03-30T20:00:00.000Z");
    expect(new Date(p.recentMs).toISOString()).toBe("2025-03-16T20:00:00.000Z");
    expect(p.weeks).toEqual(WEEKS);
    expect(periodOf({ from: "2025-03-05", to: "2025-03-05" }, TZ).weeks).toEqual(["2025-03-03"]);
    expect(localToday(TZ, Date.parse("2025-03-30T20:30:00Z"))).toBe("2025-03-31");
  });
});

// ─── The aggregates ─────────────────────────────────────────────────────────────────────

describe("participation by week", () => {
  it("counts ideas, supports, ballots, survey responses and new resident accounts per Monday week, local time", () => {
    // The fixtures reached participation_days through the triggers, exactly.
    expect(checkParticipationCounts()).toEqual([]);
    const { weeks, totals } = weeklyParticipation(MARCH, period());
    expect(weeks).toEqual([
      { week: "2025-03-03", ideas: 3, supports: 6, ballots: 1, responses: 7, accounts: 1 },
      { week: "2025-03-10", ideas: 1, supports: 2, ballots: 2, responses: 6, accounts: 2 },
      { week: "2025-03-17", ideas: 1, supports: 5, ballots: 0, responses: 3, accounts: 0 },
      { week: "2025-03-24", ideas: 2, supports: 5, ballots: 2, responses: 1, accounts: 2 },
    ]);
    expect(totals).toEqual({ ideas: 7, supports: 18, ballots: 5, responses: 17, accounts: 5 });
  });

  it("the district filter: ideas of the district, supports by its residents, its ballots, responses and accounts", () => {
    const filter = { ...MARCH, district: D[0]! };
    expect(weeklyParticipation(filter, period(filter)).totals).toEqual({ ideas: 4, supports: 13, ballots: 2, responses: 13, accounts: 3 });
  });

  it("the goal filter: ideas of the goal, their supports, ballots choosing one of its options; responses and accounts in full", () => {
    const filter = { ...MARCH, goal: G[1]! };
    expect(weeklyParticipation(filter, period(filter)).totals).toEqual({ ideas: 2, supports: 8, ballots: 2, responses: 17, accounts: 5 });
    const goal0 = { ...MARCH, goal: G[0]! };
    expect(weeklyParticipation(goal0, period(goal0)).totals).toMatchObject({ ideas: 5, supports: 10, ballots: 3 });
  });

  it("a week with nothing in it is still a row, of zeros", () => {
    const filter = { ...MARCH, from: "2025-01-06", to: "2025-01-19" };
    const { weeks } = weeklyParticipation(filter, period(filter));
    expect(weeks).toEqual([
      { week: "2025-01-06", ideas: 0, supports: 0, ballots: 0, responses: 0, accounts: 0 },
      { week: "2025-01-13", ideas: 0, supports: 0, ballots: 0, responses: 0, accounts: 0 },
    ]);
  });
});

describe("participation by district", () => {
  it("counts by district, with accounts and ballots per 1,000 residents, least heard first, then no district, then the city", () => {
    const rows = districtParticipation(MARCH, period());
    expect(rows).toHaveLength(D.length + 2);
    const byId = (id: number) => rows.find((r) => r.id === id)!;
    // Supports by the supporter's district: u1 4, u2 4, u3 3, u6 2 in the first district; u4 3; u5 (none) 2.
    expect(byId(D[0]!)).toMatchObject({ kind: "district", population: 14200, ideas: 4, supports: 13, ballots: 2, responses: 13, accounts: 4, accountsPer1000: 0.3, ballotsPer1000: 0.1 });
    expect(byId(D[1]!)).toMatchObject({ population: 11800, ideas: 2, supports: 3, ballots: 1, responses: 2, accounts: 1, accountsPer1000: 0.1, ballotsPer1000: 0.1 });
    expect(byId(D[2]!)).toMatchObject({ population: 13900, ideas: 1, supports: 0, ballots: 1, responses: 1, accounts: 20, accountsPer1000: 1.4, ballotsPer1000: 0.1 });
    expect(byId(D[3]!)).toMatchObject({ ideas: 0, supports: 0, ballots: 0, responses: 0, accounts: 0, accountsPer1000: 0, ballotsPer1000: 0 });
    expect(rows.at(-2)).toMatchObject({ kind: "none", id: null, population: null, ideas: 0, supports: 2, ballots: 1, responses: 1, accounts: 1, accountsPer1000: null });
    // The city: 26 accounts and 5 ballots per 130,000 residents.
    expect(rows.at(-1)).toMatchObject({ kind: "total", population: 130000, ideas: 7, supports: 18, ballots: 5, responses: 17, accounts: 26, accountsPer1000: 0.2, ballotsPer1000: 0 });
    // The seven districts without accounts first (in their usual order), then 0.08, 0.28 and 1.44 per 1,000.
    const order = rows.filter((r) => r.kind === "district").map((r) => r.id);
    expect(order).toEqual([...D.slice(3), D[1], D[0], D[2]]);
    expect(rows[0]!.name).toMatchObject({ en: expect.any(String), ka: expect.any(String) });
  });

  it("ignores the district filter (it compares all districts) but applies the goal filter", () => {
    const withDistrict = { ...MARCH, district: D[1]! };
    expect(districtParticipation(withDistrict, period(withDistrict))).toEqual(districtParticipation(MARCH, period()));
    const goal = { ...MARCH, goal: G[1]! };
    const rows = districtParticipation(goal, period(goal));
    expect(rows.find((r) => r.id === D[0])).toMatchObject({ ideas: 1, supports: 5, ballots: 1, responses: 13, accounts: 4 });
  });
});

describe("participation by channel", () => {
  it("counts ballots and survey responses online, on paper and imported, with the total", () => {
    expect(channelParticipation(MARCH, period())).toEqual([
      { channel: "online", ballots: 3, responses: 10 },
      { channel: "paper", ballots: 1, responses: 6 },
      { channel: "import", ballots: 1, responses: 1 },
      { channel: "total", ballots: 5, responses: 17 },
    ]);
    const filter = { ...MARCH, district: D[0]! };
    expect(channelParticipation(filter, period(filter))).toEqual([
      { channel: "online", ballots: 2, responses: 7 },
      { channel: "paper", ballots: 0, responses: 6 },
      { channel: "import", ballots: 0, responses: 0 },
      { channel: "total", ballots: 2, responses: 13 },
    ]);
  });
});

describe("age band and gender", () => {
  it("counts responses that gave either, and hides every group of 1–4 and whatever would give one away", () => {
    const d = demographics(MARCH, period());
    expect(d.ageBands).toEqual(["16-24", "25-34", "35-44", "45-54", "55-64", "65+", null]);
    expect(d.genders).toEqual(["female", "male", "other", null]);
    const counts = [
      [0, 0, 0, 1],
      [7, 0, 0, 0],
      [0, 6, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 2, 0, 0],
      [0, 0, 0, 0],
    ];
    // Two men of 65+ and one person of 16–24 who gave no gender: hidden.
    expect(d.cells[5]![1]).toBeNull();
    expect(d.cells[0]![3]).toBeNull();
    expect(isProtected(d, counts, 5, {})).toBe(true);
    const shown = [...d.cells.flat(), ...d.rowTotals, ...d.colTotals, d.total].filter((v): v is number => v !== null);
    expect(shown.filter((v) => v > 0 && v < 5)).toEqual([]);
    // Shown counts are the true ones: the response without age or gender is not in the table.
    for (const [i, row] of d.cells.entries()) for (const [j, v] of row.entries()) if (v !== null) expect(v).toBe(counts[i]![j]);
    if (d.total !== null) expect(d.total).toBe(16);
  });

  it("a table with groups of five or more shows them all", () => {
    const filter = { ...MARCH, to: "2025-03-16" };
    const d = demographics(filter, period(filter));
    expect(d.cells[1]![0]).toBe(7);
    expect(d.cells[2]![1]).toBe(6);
    expect(d.total).toBe(13);
  });
});

describe("ideas, goals and moderation", () => {
  it("top ideas: submitted in the period, by all their supports; rising ideas by supports in its last 14 days; hidden ideas left out", () => {
    const { top, rising } = ideasBySupports(MARCH, period(), 10);
    // E was submitted before the period: rising, not top. X (hidden) and ideas without support: neither.
    expect(top.map((r) => [r.id, r.recent, r.total])).toEqual([
      [ids.A, 3, 6],
      [ids.C, 3, 4],
      [ids.B, 0, 1],
    ]);
    expect(rising.map((r) => [r.id, r.recent, r.total])).toEqual([
      [ids.E, 4, 4],
      [ids.A, 3, 6],
      [ids.C, 3, 4],
    ]);
    expect(top[0]).toMatchObject({ title: "Idea A", district: expect.objectContaining({ en: expect.any(String) }), goal: expect.objectContaining({ en: expect.any(String) }) });
    expect(ideasBySupports(MARCH, period(), 2).top.map((r) => r.id)).toEqual([ids.A, ids.C]);
    const second = { ...MARCH, district: D[1]! };
    expect(ideasBySupports(second, period(second), 10).top.map((r) => r.id)).toEqual([ids.B]);
  });

  it("goals by the supports their ideas got in the period, with the ideas submitted", () => {
    const goals = goalsBySupports(MARCH, period());
    expect(goals).toHaveLength(G.length);
    expect(goals.slice(0, 2).map((g) => [g.id, g.ideas, g.supports])).toEqual([
      [G[0], 5, 10],
      [G[1], 2, 8],
    ]);
    expect(goals.slice(2).every((g) => g.ideas === 0 && g.supports === 0)).toBe(true);
    const filter = { ...MARCH, goal: G[1]! };
    expect(goalsBySupports(filter, period(filter)).map((g) => g.id)).toEqual([G[1]]);
  });

  it("the workload: waiting now, open reports, median and 90th percentile days to the first answer, overdue ideas", () => {
    const now = Date.UTC(2025, 4, 1);
    // Seven ideas submitted; answered after 2, 4 and 10 days; X, C and H unanswered after 30 days, F merged.
    expect(moderationWorkload(MARCH, period(), now)).toEqual({
      waiting: 1,
      oldestWaitingDays: 34,
      reported: 2,
      submitted: 7,
      answered: 3,
      medianDays: 4,
      p90Days: 8.8,
      overdue: 3,
    });
    // Sooner after the period, H is not yet 30 days old.
    expect(moderationWorkload(MARCH, period(), Date.UTC(2025, 3, 20)).overdue).toBe(2);
    const goal = { ...MARCH, goal: G[0]! };
    expect(moderationWorkload(goal, period(goal), now)).toMatchObject({ waiting: 1, reported: 1, submitted: 5, answered: 2, medianDays: 3, p90Days: 3.8, overdue: 2 });
    const none = { ...MARCH, district: D[1]! };
    expect(moderationWorkload(none, period(none), now)).toMatchObject({ waiting: 0, oldestWaitingDays: null, reported: 0, submitted: 2, answered: 1, medianDays: 10, p90Days: 10, overdue: 0 });
    const empty = { ...MARCH, from: "2025-01-06", to: "2025-01-19" };
    expect(moderationWorkload(empty, period(empty), now)).toMatchObject({ submitted: 0, answered: 0, medianDays: null, p90Days: null, overdue: 0 });
  });
});

describe("export tables", () => {
  const options = (language: "en" | "ka") => ({ t: getT(language, "insights"), name: (v: Record<string, string | undefined> | null) => v?.[language] ?? "" });

  it("have headers in the reader's language and plain numbers", () => {
    const weekly = exportTable("weekly", MARCH, period(), options("en"));
    expect(weekly.header).toEqual(["Week starting", "Ideas submitted", "Supports", "Ballots", "Survey responses", "New accounts"]);
    expect(weekly.rows[0]).toEqual(["2025-03-03", 3, 6, 1, 7, 1]);
    const ka = exportTable("weekly", MARCH, period(), options("ka"));
    expect(ka.header[0]).toBe("კვირის დასაწყისი");
    const districts = exportTable("districts", MARCH, period(), options("en"));
    expect(districts.rows.at(-1)).toEqual(["Whole city", 130000, 7, 18, 5, 17, 26, 0.2, 0]);
    expect(districts.rows.at(-2)![0]).toBe("No district given");
    expect(exportTable("channels", MARCH, period(), options("en")).rows.at(-1)).toEqual(["Total", 5, 17]);
    const demo = exportTable("demographics", MARCH, period(), options("en"));
    expect(demo.header).toEqual(["Age group", "Women", "Men", "Other", "Not given", "Total"]);
    expect(demo.rows[5]).toEqual(expect.arrayContaining(["65+", "hidden"]));
    const ideas = exportTable("ideas", MARCH, period(), options("en"));
    expect(ideas.header).toEqual(["Idea no.", "Idea", "District", "Plan goal", "Supports in the last 14 days", "All supports"]);
    expect(ideas.rows[0]).toEqual([ids.A, "Idea A", expect.any(String), expect.any(String), 3, 6]);
  });
});

describe("figures kept for a minute", () => {
  it("the same view within a minute is not counted again; after a minute it is", () => {
    const t0 = Date.UTC(2025, 4, 1);
    const first = insightsFigures(MARCH, period(), t0);
    expect(first.weekly.totals.supports).toBe(18);
    getDb().run(sql`insert into supports (idea_id, user_id, created_at) values (${ids.B!}, ${ids.u2!}, ${at("2025-03-12")})`);
    expect(insightsFigures(MARCH, period(), t0 + 30_000)).toBe(first);
    const later = insightsFigures(MARCH, period(), t0 + FIGURES_MAX_AGE_MS);
    expect(later.at).toBe(t0 + FIGURES_MAX_AGE_MS);
    expect(later.weekly.totals.supports).toBe(19);
    // Another filter is counted apart.
    const goal = { ...MARCH, goal: G[1]! };
    expect(insightsFigures(goal, period(goal), t0 + 30_000).weekly.totals.supports).toBe(9);
    getDb().run(sql`delete from supports where idea_id = ${ids.B!} and user_id = ${ids.u2!}`);
    forgetInsightsFigures();
    expect(insightsFigures(MARCH, period(), t0).weekly.totals.supports).toBe(18);
  });
});
