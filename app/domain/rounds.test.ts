import { describe, expect, it } from "vitest";
import { checkBallot, isOpen, publicTurnout, type RoundRules } from "./rounds";

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
    const shown = publicTurnout([{ districtId: 1, ballots: 4 }, { districtId: 2, ballots: 3 }, { districtId: 3, ballots: 12 }, { districtId: 4, ballots: 0 }]);
    expect(shown).toEqual([
      { districtId: 1, ballots: null },
      { districtId: 2, ballots: null },
      { districtId: 3, ballots: 12 },
      { districtId: 4, ballots: 0 },
    ]);
  });

  it("hides a second district when one hidden district could be worked out from the total", () => {
    const byDistrict = [{ districtId: 1, ballots: 2 }, { districtId: 2, ballots: 40 }, { districtId: 3, ballots: 9 }];
    const shown = publicTurnout(byDistrict);
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
});
