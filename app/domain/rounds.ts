// Voting rounds: what a valid ballot is for each method, when a round is open, and how
// turnout is published without showing groups smaller than five. Pure: no database, no clock.
import type { RoundMethod } from "#db/schema";
import type { RoundSettings } from "./rounds-forms.server";

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
 * Turnout by district for the public, next to the total. A count of 1–4 is shown as "fewer
 * than 5" (null). When only one district is hidden, the total would give it away by
 * subtraction, so a second one is hidden (the smallest shown, or a district with none); and
 * when the total itself is 1–4 it is hidden with every district that has any ballots.
 */
export function publicTurnout<K>(byDistrict: ReadonlyArray<{ districtId: K; ballots: number }>): {
  total: number | null;
  byDistrict: Array<{ districtId: K; ballots: number | null }>;
} {
  const total = byDistrict.reduce((sum, d) => sum + d.ballots, 0);
  const small = (n: number) => n > 0 && n < MIN_GROUP;
  if (small(total)) return { total: null, byDistrict: byDistrict.map((d) => ({ districtId: d.districtId, ballots: d.ballots === 0 ? 0 : null })) };
  const hidden = new Set(byDistrict.filter((d) => small(d.ballots)).map((d) => d.districtId));
  if (hidden.size === 1) {
    const shown = byDistrict.filter((d) => !hidden.has(d.districtId));
    const next = shown.filter((d) => d.ballots > 0).sort((a, b) => a.ballots - b.ballots)[0] ?? shown[0];
    if (next) hidden.add(next.districtId);
  }
  return { total, byDistrict: byDistrict.map((d) => ({ districtId: d.districtId, ballots: hidden.has(d.districtId) ? null : d.ballots })) };
}

// ─── Eligibility ──────────────────────────────────────────────────────────────────────────

export type Eligibility = "residents" | "verified" | "districts";
export type VoterRefusal = "verifiedOnly" | "otherDistrict";

/** Whether a signed-in account may vote in a round; null when it may. */
export function voterRefusal(
  round: { eligibility: Eligibility; eligibleDistricts: readonly number[] | null },
  voter: { verifiedAt: Date | null; districtId: number | null },
): VoterRefusal | null {
  if (round.eligibility === "verified" && !voter.verifiedAt) return "verifiedOnly";
  if (round.eligibility === "districts" && (voter.districtId === null || !(round.eligibleDistricts ?? []).includes(voter.districtId))) return "otherDistrict";
  return null;
}

// ─── Where a round stands, and what staff may still change ────────────────────────────────

export type RoundPhase = "draft" | "upcoming" | "open" | "closed";

export function phase(round: { published: boolean; opensAt: Date; closesAt: Date }, now: Date): RoundPhase {
  if (!round.published) return "draft";
  if (now < round.opensAt) return "upcoming";
  return now < round.closesAt ? "open" : "closed";
}

/**
 * Once voting has started, the rules and the options are fixed: changing them would change what
 * earlier ballots mean. Wording can always be corrected, and an open round's closing time moved.
 */
export function rulesLocked(p: RoundPhase): boolean {
  return p === "open" || p === "closed";
}

/** Results are public when the round shows them live, or once it has closed. */
export function resultsPublic(round: { resultsShown: "live" | "after"; published: boolean; opensAt: Date; closesAt: Date }, now: Date): boolean {
  const p = phase(round, now);
  return p === "closed" || (p === "open" && round.resultsShown === "live");
}

// ─── Times are typed in the municipality's zone ───────────────────────────────────────────

/** A time as a datetime-local input sends it: "YYYY-MM-DDTHH:mm". */
export const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** The zone's offset from UTC at an instant, in minutes. */
function offsetMinutes(timeZone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - at.getTime()) / 60_000);
}

/** "2026-12-01T09:00" on the wall clock of `timeZone` → the instant; null when it is not a time. */
export function fromLocalTime(value: string, timeZone: string): Date | null {
  const m = LOCAL_TIME.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(guess);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) return null;
  const first = guess - offsetMinutes(timeZone, new Date(guess)) * 60_000;
  return new Date(guess - offsetMinutes(timeZone, new Date(first)) * 60_000);
}

/** The instant as "YYYY-MM-DDTHH:mm" on the wall clock of `timeZone`, for a datetime-local input. */
export function toLocalTime(at: Date, timeZone: string): string {
  const local = new Date(at.getTime() + offsetMinutes(timeZone, at) * 60_000);
  return local.toISOString().slice(0, 16);
}

// ─── The forms staff fill in ──────────────────────────────────────────────────────────────

// The forms themselves (a round's settings, an option) are zod schemas in rounds-forms.server.ts.
export const ROUND_LIMITS = { title: 160, description: 5000, optionTitle: 160, optionDescription: 3000, options: 200, maxChoices: 50, points: 1000, money: 1_000_000_000_000, ideas: 20 } as const;

/** The round's columns from the form: only the fields of its method are kept. */
export function settingsToRound(v: RoundSettings, timeZone: string) {
  const drop = (t: Record<string, string | undefined>) => Object.fromEntries(Object.entries(t).filter(([, s]) => s)) as Record<string, string>;
  return {
    title: drop(v.title),
    description: drop(v.description),
    method: v.method,
    maxChoices: v.method === "approval" || v.method === "ranked" ? (v.maxChoices ?? null) : null,
    pointsTotal: v.method === "points" ? (v.pointsTotal ?? null) : null,
    pointsPerOption: v.method === "points" ? (v.pointsPerOption ?? null) : null,
    budget: v.method === "budget" ? (v.budget ?? null) : null,
    budgetRule: v.method === "budget" ? (v.budgetRule ?? "greedy") : null,
    opensAt: fromLocalTime(v.opensAt, timeZone),
    closesAt: fromLocalTime(v.closesAt, timeZone),
    eligibility: v.eligibility,
    eligibleDistricts: v.eligibility === "districts" ? [...new Set(v.districts ?? [])] : null,
    resultsShown: v.resultsShown,
  };
}

// ─── Reading a ballot from a form ─────────────────────────────────────────────────────────

/**
 * A ballot as a browser sends it, without JavaScript: approval and budget ballots as checkboxes
 * named `option`, ranked ballots as a rank select per option (`rank-<id>`), points ballots as a
 * number per option (`points-<id>`). Returns null for a request no form of ours would send.
 */
export function readBallot(method: RoundMethod, entries: Iterable<[string, unknown]>): Choice[] | null {
  const choices: Choice[] = [];
  for (const [name, raw] of entries) {
    if (typeof raw !== "string") return null;
    const value = raw.trim();
    if (method === "approval" || method === "budget") {
      if (name !== "option") continue;
      if (!/^[1-9]\d{0,9}$/.test(value)) return null;
      choices.push({ optionId: Number(value) });
      continue;
    }
    const m = /^(rank|points)-([1-9]\d{0,9})$/.exec(name);
    if (!m || (method === "ranked") !== (m[1] === "rank")) continue;
    if (value === "") continue;
    if (!/^\d{1,6}$/.test(value)) return null;
    const n = Number(value);
    if (method === "ranked") choices.push({ optionId: Number(m[2]), rank: n });
    else if (n > 0) choices.push({ optionId: Number(m[2]), points: n });
  }
  return choices;
}

// ─── Results ──────────────────────────────────────────────────────────────────────────────

export type OptionTotal = { optionId: number; ballots: number; first: number; borda: number; points: number };

/** The number a method ranks options by: ballots naming it, Borda points, or points given. */
export function score(method: RoundMethod, t: OptionTotal): number {
  return method === "ranked" ? t.borda : method === "points" ? t.points : t.ballots;
}

/** Options from the highest score down; ties by lower cost, then by id (as strings, as the tally does). */
export function ranking<T extends OptionTotal & { cost: number | null }>(method: RoundMethod, totals: readonly T[]): T[] {
  return [...totals].sort((a, b) => score(method, b) - score(method, a) || (a.cost ?? 0) - (b.cost ?? 0) || (String(a.optionId) < String(b.optionId) ? -1 : String(a.optionId) > String(b.optionId) ? 1 : 0));
}
