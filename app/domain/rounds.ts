// Voting rounds: what a valid ballot is for each method, when a round is open, and how
// turnout is published without showing groups smaller than five. Pure: no database, no clock.
import type { RoundMethod } from "#db/schema";

export const METHODS = ["approval", "ranked", "points", "budget"] as const satisfies readonly RoundMethod[];

export type RoundRules = {
  method: RoundMethod;
  maxChoices: number | null;
  pointsTotal: number | null;
  pointsPerOption: number | null;
  budget: number | null;
  opensAt: Date;
  closesAt: Date;
};

export type Choice = { optionId: number; rank?: number; points?: number };
export type BallotError =
  | "empty"
  | "unknownOption"
  | "duplicateOption"
  | "tooManyChoices"
  | "ranksNotInOrder"
  | "badPoints"
  | "tooManyPoints"
  | "tooManyPointsOnOne"
  | "overBudget";

/** Open from opensAt (included) to closesAt (excluded). */
export function isOpen(round: Pick<RoundRules, "opensAt" | "closesAt">, now: Date): boolean {
  return now >= round.opensAt && now < round.closesAt;
}

/**
 * Checks a ballot against the round's rules. `costs` maps every option of the round to its cost
 * (null outside budget rounds). Returns the ballot in a canonical form (ranks 1..n, no zero points).
 */
export function checkBallot(
  round: RoundRules,
  costs: ReadonlyMap<number, number | null>,
  choices: readonly Choice[],
): { ok: true; choices: Choice[] } | { ok: false; error: BallotError } {
  if (choices.length === 0) return { ok: false, error: "empty" };
  const seen = new Set<number>();
  for (const c of choices) {
    if (!costs.has(c.optionId)) return { ok: false, error: "unknownOption" };
    if (seen.has(c.optionId)) return { ok: false, error: "duplicateOption" };
    seen.add(c.optionId);
  }
  switch (round.method) {
    case "approval":
      if (round.maxChoices && choices.length > round.maxChoices) return { ok: false, error: "tooManyChoices" };
      return { ok: true, choices: choices.map((c) => ({ optionId: c.optionId })) };
    case "ranked": {
      if (round.maxChoices && choices.length > round.maxChoices) return { ok: false, error: "tooManyChoices" };
      const ranks = choices.map((c) => c.rank).sort((a, b) => (a ?? 0) - (b ?? 0));
      if (!ranks.every((r, i) => r === i + 1)) return { ok: false, error: "ranksNotInOrder" };
      return { ok: true, choices: choices.map((c) => ({ optionId: c.optionId, rank: c.rank })) };
    }
    case "points": {
      const given = choices.filter((c) => c.points !== 0);
      if (given.some((c) => !Number.isSafeInteger(c.points) || (c.points ?? -1) < 0)) return { ok: false, error: "badPoints" };
      if (given.length === 0) return { ok: false, error: "empty" };
      if (round.pointsPerOption && given.some((c) => (c.points ?? 0) > round.pointsPerOption!)) return { ok: false, error: "tooManyPointsOnOne" };
      const total = given.reduce((sum, c) => sum + (c.points ?? 0), 0);
      if (round.pointsTotal && total > round.pointsTotal) return { ok: false, error: "tooManyPoints" };
      return { ok: true, choices: given.map((c) => ({ optionId: c.optionId, points: c.points })) };
    }
    case "budget": {
      const total = choices.reduce((sum, c) => sum + (costs.get(c.optionId) ?? 0), 0);
      if (round.budget !== null && total > round.budget) return { ok: false, error: "overBudget" };
      return { ok: true, choices: choices.map((c) => ({ optionId: c.optionId })) };
    }
  }
}

/** Groups smaller than this are never shown on their own (DESIGN.md: k = 5). */
export const MIN_GROUP = 5;

/**
 * Turnout by district for the public, next to the total: a count below five is shown as
 * "fewer than 5" (null). When only one district is hidden, the total would give it away by
 * subtraction, so the smallest shown district is hidden too.
 */
export function publicTurnout(byDistrict: ReadonlyArray<{ districtId: number | null; ballots: number }>) {
  const hidden = new Set(byDistrict.filter((d) => d.ballots < MIN_GROUP && d.ballots > 0).map((d) => d.districtId));
  if (hidden.size === 1) {
    const next = byDistrict.filter((d) => !hidden.has(d.districtId) && d.ballots >= MIN_GROUP).sort((a, b) => a.ballots - b.ballots)[0];
    if (next) hidden.add(next.districtId);
  }
  return byDistrict.map((d) => ({ districtId: d.districtId, ballots: d.ballots === 0 || !hidden.has(d.districtId) ? d.ballots : null }));
}
