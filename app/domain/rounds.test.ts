import { describe, expect, it } from "vitest";
import { checkBallot, fromLocalTime, isOpen, phase, publicTurnout, ranking, readBallot, resultsPublic, rulesLocked, settingsToRound, toLocalTime, voterRefusal, type RoundRules } from "./rounds";
import { optionSchema, roundSettingsSchema } from "./rounds-forms.server";

const base = { maxChoices: null, pointsTotal: null, pointsPerOption: null, budget: null, opensAt: new Date("2026-12-01T08:00:00Z"), closesAt: new Date("2026-12-15T20:00:00Z") };
const options = new Map<number, number | null>([
  [1, 200_000],
  [2, 150_000],
  [3, 300_000],
  [4, 50_000],
]);
const round = (rules: Partial<RoundRules> & Pick<RoundRules, "method">): RoundRules => ({ ...base, ...rules });

describe("isOpen", () => {
  it("opens at opensAt and closes at closesAt", () => {
    const r = round({ method: "approval" });
    expect(isOpen(r, new Date("2026-12-01T07:59:59Z"))).toBe(false);
    expect(isOpen(r, new Date("2026-12-01T08:00:00Z"))).toBe(true);
    expect(isOpen(r, new Date("2026-12-15T19:59:59Z"))).toBe(true);
    expect(isOpen(r, new Date("2026-12-15T20:00:00Z"))).toBe(false);
  });
});

describe("checkBallot", () => {
  it("approval: up to K distinct known options", () => {
    const r = round({ method: "approval", maxChoices: 3 });
    expect(checkBallot(r, options, [{ optionId: 1 }, { optionId: 2 }, { optionId: 3 }])).toMatchObject({ ok: true });
    expect(checkBallot(r, options, [{ optionId: 1 }, { optionId: 2 }, { optionId: 3 }, { optionId: 4 }])).toEqual({ ok: false, error: "tooManyChoices" });
    expect(checkBallot(r, options, [{ optionId: 1 }, { optionId: 1 }])).toEqual({ ok: false, error: "duplicateOption" });
    expect(checkBallot(r, options, [{ optionId: 9 }])).toEqual({ ok: false, error: "unknownOption" });
    expect(checkBallot(r, options, [])).toEqual({ ok: false, error: "empty" });
  });

  it("ranked: ranks are 1..n in any order of listing", () => {
    const r = round({ method: "ranked", maxChoices: 3 });
    expect(checkBallot(r, options, [{ optionId: 2, rank: 2 }, { optionId: 1, rank: 1 }])).toMatchObject({ ok: true });
    expect(checkBallot(r, options, [{ optionId: 2, rank: 1 }, { optionId: 1, rank: 3 }])).toEqual({ ok: false, error: "ranksNotInOrder" });
    expect(checkBallot(r, options, [{ optionId: 2, rank: 1 }, { optionId: 1, rank: 1 }])).toEqual({ ok: false, error: "ranksNotInOrder" });
    expect(checkBallot(r, options, [{ optionId: 2 }])).toEqual({ ok: false, error: "ranksNotInOrder" });
  });

  it("points: at most N in all and M on one; zero points are dropped", () => {
    const r = round({ method: "points", pointsTotal: 10, pointsPerOption: 5 });
    expect(checkBallot(r, options, [{ optionId: 1, points: 5 }, { optionId: 2, points: 5 }, { optionId: 3, points: 0 }])).toEqual({
      ok: true,
      choices: [{ optionId: 1, points: 5 }, { optionId: 2, points: 5 }],
    });
    expect(checkBallot(r, options, [{ optionId: 1, points: 6 }])).toEqual({ ok: false, error: "tooManyPointsOnOne" });
    expect(checkBallot(r, options, [{ optionId: 1, points: 5 }, { optionId: 2, points: 5 }, { optionId: 3, points: 1 }])).toEqual({ ok: false, error: "tooManyPoints" });
    expect(checkBallot(r, options, [{ optionId: 1, points: -1 }])).toEqual({ ok: false, error: "badPoints" });
    expect(checkBallot(r, options, [{ optionId: 1, points: 1.5 }])).toEqual({ ok: false, error: "badPoints" });
    expect(checkBallot(r, options, [{ optionId: 1, points: 0 }])).toEqual({ ok: false, error: "empty" });
  });

  it("budget: the chosen projects must fit in the budget", () => {
    const r = round({ method: "budget", budget: 500_000 });
    expect(checkBallot(r, options, [{ optionId: 1 }, { optionId: 3 }])).toMatchObject({ ok: true });
    expect(checkBallot(r, options, [{ optionId: 1 }, { optionId: 3 }, { optionId: 4 }])).toEqual({ ok: false, error: "overBudget" });
  });
});

describe("publicTurnout", () => {
  it("never shows a district with one to four ballots; zero is no one and can be shown", () => {
    const { total, byDistrict: shown } = publicTurnout([{ districtId: 1, ballots: 4 }, { districtId: 2, ballots: 3 }, { districtId: 3, ballots: 12 }, { districtId: 4, ballots: 0 }]);
    expect(total).toBe(19);
    expect(shown).toEqual([
      { districtId: 1, ballots: null },
      { districtId: 2, ballots: null },
      { districtId: 3, ballots: 12 },
      { districtId: 4, ballots: 0 },
    ]);
  });

  it("hides a second district when one hidden district could be worked out from the total", () => {
    const byDistrict = [{ districtId: 1, ballots: 2 }, { districtId: 2, ballots: 40 }, { districtId: 3, ballots: 9 }];
    const shown = publicTurnout(byDistrict).byDistrict;
    expect(shown).toEqual([
      { districtId: 1, ballots: null },
      { districtId: 2, ballots: 40 },
      { districtId: 3, ballots: null },
    ]);
    // The total minus what is shown no longer gives any single district.
    const total = byDistrict.reduce((s, d) => s + d.ballots, 0);
    const visible = shown.reduce((s, d) => s + (d.ballots ?? 0), 0);
    expect(shown.filter((d) => d.ballots === null).length).toBeGreaterThan(1);
    expect(total - visible).toBe(11);
  });

  it("hides a district with none when it is the only one left to hide", () => {
    const { total, byDistrict } = publicTurnout([{ districtId: 1, ballots: 3 }, { districtId: 2, ballots: 0 }, { districtId: 3, ballots: 0 }]);
    expect(total).toBeNull();
    expect(byDistrict).toEqual([{ districtId: 1, ballots: null }, { districtId: 2, ballots: 0 }, { districtId: 3, ballots: 0 }]);
    const larger = publicTurnout([{ districtId: 1, ballots: 3 }, { districtId: 2, ballots: 0 }, { districtId: 3, ballots: 0 }, { districtId: 4, ballots: 7 }]);
    expect(larger.byDistrict.filter((d) => d.ballots === null).map((d) => d.districtId)).toEqual([1, 4]);
  });

  it("shows a total of 1–4 as fewer than 5, and every district that has ballots with it", () => {
    const { total, byDistrict } = publicTurnout([{ districtId: 1, ballots: 2 }, { districtId: 2, ballots: 2 }, { districtId: 3, ballots: 0 }]);
    expect(total).toBeNull();
    expect(byDistrict.map((d) => d.ballots)).toEqual([null, null, 0]);
  });
});

describe("times typed in Tbilisi", () => {
  it("reads a wall-clock time in Asia/Tbilisi (UTC+4) and writes it back", () => {
    expect(fromLocalTime("2026-12-01T09:00", "Asia/Tbilisi")?.toISOString()).toBe("2026-12-01T05:00:00.000Z");
    expect(toLocalTime(new Date("2026-12-01T05:00:00Z"), "Asia/Tbilisi")).toBe("2026-12-01T09:00");
    expect(fromLocalTime("2026-02-30T09:00", "Asia/Tbilisi")).toBeNull();
    expect(fromLocalTime("2026-12-01 09:00", "Asia/Tbilisi")).toBeNull();
  });

  it("follows a zone with summer time, for a city elsewhere", () => {
    expect(fromLocalTime("2026-07-01T12:00", "Europe/Warsaw")?.toISOString()).toBe("2026-07-01T10:00:00.000Z");
    expect(fromLocalTime("2026-01-01T12:00", "Europe/Warsaw")?.toISOString()).toBe("2026-01-01T11:00:00.000Z");
  });
});

describe("the round settings form", () => {
  const valid = { title: { ka: "ბიუჯეტი 2027" }, description: {}, method: "budget", budget: "500 000", budgetRule: "mes", opensAt: "2026-12-01T09:00", closesAt: "2026-12-15T20:00", eligibility: "residents", resultsShown: "after" };

  it("accepts a budget round and keeps only the budget's fields", () => {
    const parsed = roundSettingsSchema.safeParse({ ...valid, maxChoices: "3", pointsTotal: "10" });
    expect(parsed.success).toBe(true);
    const columns = settingsToRound(parsed.data!, "Asia/Tbilisi");
    expect(columns).toMatchObject({ method: "budget", budget: 500_000, budgetRule: "mes", maxChoices: null, pointsTotal: null, eligibleDistricts: null });
    expect(columns.title).toEqual({ ka: "ბიუჯეტი 2027" });
    expect(columns.opensAt?.toISOString()).toBe("2026-12-01T05:00:00.000Z");
  });

  const errorsOf = (input: object) => {
    const parsed = roundSettingsSchema.safeParse(input);
    return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message]));
  };

  it("asks for what each method needs", () => {
    expect(errorsOf({ ...valid, budget: undefined })).toMatchObject({ budget: "required" });
    expect(errorsOf({ ...valid, method: "approval" })).toMatchObject({ maxChoices: "required" });
    expect(errorsOf({ ...valid, method: "points", pointsTotal: "10", pointsPerOption: "12" })).toMatchObject({ pointsPerOption: "atMost:10" });
    expect(errorsOf({ ...valid, eligibility: "districts" })).toMatchObject({ districts: "chooseDistricts" });
  });

  it("refuses a Georgian title missing, a round that closes before it opens, and numbers that are not numbers", () => {
    expect(errorsOf({ ...valid, title: {} })).toMatchObject({ "title.ka": "required" });
    expect(errorsOf({ ...valid, closesAt: "2026-11-30T09:00" })).toMatchObject({ closesAt: "closesBeforeOpens" });
    expect(errorsOf({ ...valid, budget: "five" })).toMatchObject({ budget: "wholeNumber" });
    expect(errorsOf({ ...valid, budget: "0" })).toMatchObject({ budget: "atLeast:1" });
    expect(errorsOf({ ...valid, opensAt: "tomorrow" })).toMatchObject({ opensAt: "dateTime" });
  });

  it("reads the ideas an option came from as numbers, and refuses anything else", () => {
    expect(optionSchema.parse({ title: { ka: "სკვერი" }, description: {}, ideas: "12, 45 #12" }).ideas).toEqual([12, 45]);
    expect(optionSchema.safeParse({ title: { ka: "სკვერი" }, description: {}, ideas: "12, abc" }).success).toBe(false);
  });
});

describe("readBallot", () => {
  it("reads checkboxes, rank selects and point inputs, ignoring other fields", () => {
    expect(readBallot("approval", [["option", "3"], ["option", "5"], ["other", "x"]])).toEqual([{ optionId: 3 }, { optionId: 5 }]);
    expect(readBallot("ranked", [["rank-3", "2"], ["rank-5", ""], ["rank-7", "1"]])).toEqual([{ optionId: 3, rank: 2 }, { optionId: 7, rank: 1 }]);
    expect(readBallot("points", [["points-3", "4"], ["points-5", "0"], ["points-7", ""]])).toEqual([{ optionId: 3, points: 4 }]);
  });

  it("gives null for a request no ballot form would send", () => {
    expect(readBallot("approval", [["option", "x"]])).toBeNull();
    expect(readBallot("points", [["points-3", "-1"]])).toBeNull();
    expect(readBallot("budget", [["option", new Blob(["1"])]])).toBeNull();
  });
});

describe("who may vote, and when things may change", () => {
  const resident = { verifiedAt: null, districtId: 4 };
  it("checks verification and districts", () => {
    expect(voterRefusal({ eligibility: "residents", eligibleDistricts: null }, resident)).toBeNull();
    expect(voterRefusal({ eligibility: "verified", eligibleDistricts: null }, resident)).toBe("verifiedOnly");
    expect(voterRefusal({ eligibility: "verified", eligibleDistricts: null }, { ...resident, verifiedAt: new Date() })).toBeNull();
    expect(voterRefusal({ eligibility: "districts", eligibleDistricts: [1, 2] }, resident)).toBe("otherDistrict");
    expect(voterRefusal({ eligibility: "districts", eligibleDistricts: [4] }, resident)).toBeNull();
    expect(voterRefusal({ eligibility: "districts", eligibleDistricts: [4] }, { ...resident, districtId: null })).toBe("otherDistrict");
  });

  it("locks the rules once voting starts, and shows results per the round's setting", () => {
    const r = { published: true, opensAt: new Date("2026-12-01T00:00:00Z"), closesAt: new Date("2026-12-10T00:00:00Z"), resultsShown: "after" as const };
    expect(phase({ ...r, published: false }, new Date("2026-12-05T00:00:00Z"))).toBe("draft");
    expect(rulesLocked(phase(r, new Date("2026-11-30T00:00:00Z")))).toBe(false);
    expect(rulesLocked(phase(r, new Date("2026-12-05T00:00:00Z")))).toBe(true);
    expect(resultsPublic(r, new Date("2026-12-05T00:00:00Z"))).toBe(false);
    expect(resultsPublic({ ...r, resultsShown: "live" }, new Date("2026-12-05T00:00:00Z"))).toBe(true);
    expect(resultsPublic(r, new Date("2026-12-10T00:00:00Z"))).toBe(true);
  });
});

describe("ranking", () => {
  const t = (optionId: number, ballots: number, borda: number, cost: number | null = null) => ({ optionId, ballots, first: 0, borda, points: 0, cost });
  it("orders by the method's score, then lower cost, then id as a string", () => {
    expect(ranking("approval", [t(1, 5, 0), t(2, 9, 0), t(3, 5, 0, 10), t(10, 5, 0, 10)]).map((r) => r.optionId)).toEqual([2, 1, 10, 3]);
    expect(ranking("ranked", [t(1, 9, 3), t(2, 1, 7)]).map((r) => r.optionId)).toEqual([2, 1]);
  });
});
