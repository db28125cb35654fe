import { describe, expect, it } from "vitest";
import { listDistricts } from "./municipality.server";
import {
  addOption,
  castBallot,
  closeNow,
  createDraftRound,
  createRound,
  deleteOption,
  enterPaperBallot,
  getOwnBallot,
  getRound,
  moveOption,
  optionTotals,
  roundResults,
  setPublished,
  turnout,
  updateOption,
  updateRoundSettings,
  LIVE_RESULTS_MAX_AGE_MS,
  listPublishedRounds,
  type RoundColumns,
} from "./rounds.server";
import { createUser } from "./users.server";
import { getDb } from "~/utils/db.server";

let n = 0;
function resident(): number {
  n += 1;
  return createUser({ displayName: `Voter ${n}`, identifier: { kind: "email", value: `voter${n}@rounds.test` }, passwordHash: "x" })!.id;
}

function newRound(method: "approval" | "ranked" | "budget" = "approval") {
  return createRound({
    title: { ka: "პრიორიტეტები", en: "Priorities" },
    description: { ka: "აირჩიეთ სამი", en: "Choose three" },
    method,
    maxChoices: 3,
    budget: method === "budget" ? 500_000 : null,
    budgetRule: method === "budget" ? "mes" : null,
    opensAt: new Date("2026-12-01T08:00:00Z"),
    closesAt: new Date("2026-12-15T20:00:00Z"),
    options: ["პარკები", "ტრანსპორტი", "ჰაერი", "სამუშაო"].map((ka, i) => ({ title: { ka }, description: { ka }, cost: method === "budget" ? 100_000 * (i + 1) : null })),
  });
}

describe("ballots", () => {
  it("one account submitting 200 times leaves exactly one ballot, holding the last choice", () => {
    const roundId = newRound();
    const [a, b, c] = getRound(roundId)!.options;
    const voter = resident();
    for (let i = 0; i < 200; i++) castBallot({ roundId, userId: voter, districtId: null, choices: [{ optionId: i % 2 ? a!.id : b!.id }, { optionId: c!.id }] });
    expect(turnout(roundId).total).toBe(1);
    expect(getOwnBallot(roundId, voter)).toEqual(expect.arrayContaining([{ optionId: a!.id }, { optionId: c!.id }]));
    expect(getOwnBallot(roundId, voter)).toHaveLength(2);
  });

  it("the database itself refuses a second ballot row for the same account and round", () => {
    const roundId = newRound();
    const voter = resident();
    castBallot({ roundId, userId: voter, districtId: null, choices: [] });
    expect(() => getDb().$client.prepare("insert into ballots (round_id, user_id, channel) values (?, ?, 'online')").run(roundId, voter)).toThrow(/UNIQUE/);
  });

  it("a thousand accounts voting are all counted, and totals come from SQL", () => {
    const roundId = newRound();
    const [a, b] = getRound(roundId)!.options;
    const districts = listDistricts();
    for (let i = 0; i < 1000; i++) {
      castBallot({ roundId, userId: resident(), districtId: districts[i % 3]!.id, choices: i % 4 === 0 ? [{ optionId: a!.id }, { optionId: b!.id }] : [{ optionId: a!.id }] });
    }
    const totals = optionTotals(roundId, 3);
    expect(totals.find((t) => t.optionId === a!.id)?.ballots).toBe(1000);
    expect(totals.find((t) => t.optionId === b!.id)?.ballots).toBe(250);
    const { total, byDistrict } = turnout(roundId);
    expect(total).toBe(1000);
    expect(byDistrict.reduce((s, d) => s + d.ballots, 0)).toBe(1000);
  });

  it("Borda points and first preferences for ranked ballots", () => {
    const roundId = newRound("ranked");
    const [a, b, c] = getRound(roundId)!.options;
    castBallot({ roundId, userId: resident(), districtId: null, choices: [{ optionId: a!.id, rank: 1 }, { optionId: b!.id, rank: 2 }, { optionId: c!.id, rank: 3 }] });
    castBallot({ roundId, userId: resident(), districtId: null, choices: [{ optionId: b!.id, rank: 1 }, { optionId: a!.id, rank: 2 }] });
    const totals = new Map(optionTotals(roundId, 3).map((t) => [t.optionId, t]));
    expect(totals.get(a!.id)).toMatchObject({ borda: 3 + 2, first: 1 });
    expect(totals.get(b!.id)).toMatchObject({ borda: 2 + 3, first: 1 });
    expect(totals.get(c!.id)).toMatchObject({ borda: 1, first: 0 });
  });

  it("paper ballots record who entered them and count in the turnout by channel", () => {
    const roundId = newRound();
    const [a] = getRound(roundId)!.options;
    const staff = resident();
    enterPaperBallot({ roundId, enteredBy: staff, districtId: null, choices: [{ optionId: a!.id }] });
    enterPaperBallot({ roundId, enteredBy: staff, districtId: null, choices: [{ optionId: a!.id }] });
    castBallot({ roundId, userId: resident(), districtId: null, choices: [{ optionId: a!.id }] });
    expect(turnout(roundId).byChannel).toEqual(expect.arrayContaining([{ channel: "paper", ballots: 2 }, { channel: "online", ballots: 1 }]));
    expect(() => getDb().$client.prepare("insert into ballots (round_id, channel) values (?, 'paper')").run(roundId)).toThrow(/CHECK/);
  });

  it("a round must close after it opens", () => {
    expect(() =>
      createRound({ title: { ka: "x" }, description: { ka: "x" }, method: "approval", opensAt: new Date(2), closesAt: new Date(1), options: [] }),
    ).toThrow(/CHECK/);
  });
});

const columns = (over: Partial<RoundColumns> = {}): RoundColumns => ({
  title: { ka: "ბიუჯეტი" },
  description: {},
  method: "budget",
  maxChoices: null,
  pointsTotal: null,
  pointsPerOption: null,
  budget: 100_000,
  budgetRule: "mes",
  opensAt: new Date("2026-12-01T05:00:00Z"),
  closesAt: new Date("2026-12-15T16:00:00Z"),
  eligibility: "residents",
  eligibleDistricts: null,
  resultsShown: "after",
  ...over,
});
const before = new Date("2026-11-30T00:00:00Z");
const during = new Date("2026-12-05T00:00:00Z");
const after = new Date("2026-12-20T00:00:00Z");

function draftWithProjects(costs: number[], actor: number) {
  const id = createDraftRound(columns(), actor);
  const options = costs.map((cost, i) => {
    const added = addOption(id, { title: { ka: `პროექტი ${i + 1}` }, description: {}, cost, goalId: null, ideaIds: [] }, actor, before);
    if (!added.ok) throw new Error(added.reason);
    return added.id;
  });
  return { id, options };
}

describe("what staff may change, and when", () => {
  it("publishing needs two options, every cost, and no cost above the budget", () => {
    const staff = resident();
    const id = createDraftRound(columns(), staff);
    expect(setPublished(id, true, staff, before)).toEqual({ ok: false, reason: "noOptions" });
    addOption(id, { title: { ka: "ა" }, description: {}, cost: 50_000, goalId: null, ideaIds: [] }, staff, before);
    addOption(id, { title: { ka: "ბ" }, description: {}, cost: null, goalId: null, ideaIds: [] }, staff, before);
    expect(setPublished(id, true, staff, before)).toEqual({ ok: false, reason: "missingCosts" });
    const b = getRound(id)!.options[1]!;
    updateOption(id, b.id, { title: { ka: "ბ" }, description: {}, cost: 150_000, goalId: null, ideaIds: [] }, staff, before);
    expect(setPublished(id, true, staff, before)).toEqual({ ok: false, reason: "costAboveBudget" });
    updateOption(id, b.id, { title: { ka: "ბ" }, description: {}, cost: 40_000, goalId: null, ideaIds: [] }, staff, before);
    expect(setPublished(id, true, staff, before)).toEqual({ ok: true });
  });

  it("once voting starts, rules and options are fixed; wording and the closing time are not", () => {
    const staff = resident();
    const { id, options } = draftWithProjects([60_000, 40_000], staff);
    setPublished(id, true, staff, before);
    expect(updateRoundSettings(id, columns({ budget: 90_000 }), staff, during)).toEqual({ ok: false, reason: "locked" });
    expect(updateRoundSettings(id, columns({ method: "approval", maxChoices: 2 }), staff, during)).toEqual({ ok: false, reason: "locked" });
    expect(addOption(id, { title: { ka: "ახალი" }, description: {}, cost: 1, goalId: null, ideaIds: [] }, staff, during)).toEqual({ ok: false, reason: "locked" });
    expect(deleteOption(id, options[0]!, staff, during)).toEqual({ ok: false, reason: "locked" });
    expect(updateOption(id, options[0]!, { title: { ka: "ა" }, description: {}, cost: 1, goalId: null, ideaIds: [] }, staff, during)).toEqual({ ok: false, reason: "locked" });
    expect(updateOption(id, options[0]!, { title: { ka: "ახალი სახელი" }, description: {}, cost: 60_000, goalId: null, ideaIds: [] }, staff, during)).toEqual({ ok: true });
    const later = new Date("2026-12-18T16:00:00Z");
    expect(updateRoundSettings(id, columns({ title: { ka: "შესწორებული" }, closesAt: later }), staff, during)).toEqual({ ok: true });
    expect(getRound(id)).toMatchObject({ title: { ka: "შესწორებული" }, closesAt: later, budget: 100_000 });
    expect(updateRoundSettings(id, columns({ title: { ka: "შესწორებული" }, closesAt: new Date("2026-12-04T00:00:00Z") }), staff, during)).toEqual({ ok: false, reason: "closesInPast" });
    expect(updateRoundSettings(id, columns({ closesAt: new Date("2027-01-10T00:00:00Z") }), staff, after)).toEqual({ ok: false, reason: "locked" });
  });

  it("closing now ends an open round, and everything is in the audit log", () => {
    const staff = resident();
    const { id } = draftWithProjects([60_000, 40_000], staff);
    setPublished(id, true, staff, before);
    expect(closeNow(id, staff, before)).toBe(false);
    expect(closeNow(id, staff, during)).toBe(true);
    expect(getRound(id)!.closesAt).toEqual(during);
    const actions = getDb().$client.prepare("select action from audit_log where target_type = 'round' and target_id = ? order by id").pluck().all(String(id));
    expect(actions).toEqual(["round.created", "round.optionAdded", "round.optionAdded", "round.published", "round.closed"]);
  });

  it("moves options up and down", () => {
    const staff = resident();
    const { id, options } = draftWithProjects([1, 2, 3], staff);
    expect(moveOption(id, options[2]!, "up", staff, before)).toBe(true);
    expect(moveOption(id, options[0]!, "up", staff, before)).toBe(false);
    expect(getRound(id)!.options.map((o) => o.id)).toEqual([options[0], options[2], options[1]]);
  });
});

describe("results of a budget round", () => {
  it("computes both rules, where they differ, and recomputes when a ballot changes", () => {
    const staff = resident();
    // Park 60k, Lights 40k, Shelters 50k, Trees 30k; budget 100k. Two residents want Park and
    // Lights, one wants Shelters and Trees. Greedy funds the two most voted (Park, Lights); equal
    // shares gives the third resident a third of the budget, enough for Trees: Lights and Trees.
    const { id, options } = draftWithProjects([60_000, 40_000, 50_000, 30_000], staff);
    const [park, lights, shelters, trees] = options as [number, number, number, number];
    const a = resident();
    const b = resident();
    const c = resident();
    castBallot({ roundId: id, userId: a, districtId: null, choices: [{ optionId: park }, { optionId: lights }] });
    castBallot({ roundId: id, userId: b, districtId: null, choices: [{ optionId: park }, { optionId: lights }] });
    castBallot({ roundId: id, userId: c, districtId: null, choices: [{ optionId: park }] });
    const round = getRound(id)!;
    const outcome = () => {
      const { greedy, mes } = roundResults(round).budget!;
      const sorted = (o: { funded: number[]; spent: number }) => ({ funded: [...o.funded].sort((x, y) => x - y), spent: o.spent });
      return { greedy: sorted(greedy), mes: sorted(mes) };
    };
    expect(outcome()).toEqual({ greedy: { funded: [park, lights], spent: 100_000 }, mes: { funded: [park, lights], spent: 100_000 } });
    castBallot({ roundId: id, userId: c, districtId: null, choices: [{ optionId: shelters }, { optionId: trees }] });
    expect(outcome()).toEqual({ greedy: { funded: [park, lights], spent: 100_000 }, mes: { funded: [lights, trees], spent: 70_000 } });
  });
});

describe("staff changes after a round closed early, and cached results", () => {
  it("a title fix after 'close now' is saved: times are compared to the minute the form carries", () => {
    const staff = resident();
    const { id } = draftWithProjects([60_000, 40_000], staff);
    setPublished(id, true, staff, before);
    const closedAt = new Date("2026-12-05T10:15:42.123Z");
    expect(closeNow(id, staff, closedAt)).toBe(true);
    const asTyped = columns({ title: { ka: "შესწორებული" }, closesAt: new Date("2026-12-05T10:15:00Z") });
    expect(updateRoundSettings(id, asTyped, staff, after)).toEqual({ ok: true });
    expect(getRound(id)).toMatchObject({ title: { ka: "შესწორებული" }, closesAt: closedAt });
  });

  it("results follow a change of options even when no ballot changed", () => {
    const staff = resident();
    const { id } = draftWithProjects([60_000, 40_000], staff);
    expect(roundResults(getRound(id)!).totals).toHaveLength(2);
    addOption(id, { title: { ka: "მესამე" }, description: {}, cost: 10_000, goalId: null, ideaIds: [] }, staff, before);
    expect(roundResults(getRound(id)!).totals).toHaveLength(3);
  });
});

describe("live results under a stream of ballots", () => {
  it("an open round's results may lag by a few seconds; a closed round's follow every paper ballot", () => {
    const staff = resident();
    const now = Date.now();
    const id = createRound({
      title: { ka: "ცოცხალი" },
      description: {},
      method: "approval",
      maxChoices: 2,
      opensAt: new Date(now - 60_000),
      closesAt: new Date(now + 3_600_000),
      published: true,
      resultsShown: "live",
      options: [{ title: { ka: "ა" }, description: {} }, { title: { ka: "ბ" }, description: {} }],
    });
    const round = getRound(id)!;
    const [a] = round.options;
    const version = () => getDb().$client.prepare("select ballots_version from rounds where id = ?").pluck().get(id) as number;
    castBallot({ roundId: id, userId: resident(), districtId: null, choices: [{ optionId: a!.id }] });
    expect(version()).toBe(1);
    expect(roundResults(round, now).turnout.total).toBe(1);
    castBallot({ roundId: id, userId: resident(), districtId: null, choices: [{ optionId: a!.id }] });
    expect(version()).toBe(2);
    expect(roundResults(round, now + 1_000).turnout.total).toBe(1);
    expect(roundResults(round, now + LIVE_RESULTS_MAX_AGE_MS + 1).turnout.total).toBe(2);

    closeNow(id, staff, new Date(now + 20_000));
    const closed = getRound(id)!;
    enterPaperBallot({ roundId: id, enteredBy: staff, districtId: null, choices: [{ optionId: a!.id }] });
    expect(roundResults(closed, now + 21_000).turnout.total).toBe(3);
  });
});

describe("lists", () => {
  it("count each round's own ballots", () => {
    const now = Date.now();
    const make = () =>
      createRound({ title: { ka: "სია" }, description: {}, method: "approval", maxChoices: 1, opensAt: new Date(now - 1000), closesAt: new Date(now + 60_000), published: true, options: [{ title: { ka: "ა" }, description: {} }] });
    const [a, b] = [make(), make()];
    const option = (id: number) => getRound(id)!.options[0]!.id;
    for (let i = 0; i < 3; i++) castBallot({ roundId: a, userId: resident(), districtId: null, choices: [{ optionId: option(a) }] });
    castBallot({ roundId: b, userId: resident(), districtId: null, choices: [{ optionId: option(b) }] });
    const listed = listPublishedRounds(new Date(now)).current;
    expect(listed.find((r) => r.id === a)?.ballots).toBe(3);
    expect(listed.find((r) => r.id === b)?.ballots).toBe(1);
  });
});
