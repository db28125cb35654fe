// Every query about voting rounds, their options and ballots.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { ballotChoices, ballots, ideas, photos, roundOptionIdeas, roundOptions, rounds, type RoundMethod, type Translated } from "#db/schema";
import { phase, rulesLocked, type Choice, type Eligibility } from "~/domain/rounds";
import { fillGreedily, greedyOrder } from "~/domain/tally/greedy";
import { equalShares, type MesInstance } from "~/domain/tally/mes";
import { recordAudit } from "~/models/audit.server";
import { getDb } from "~/utils/db.server";

/** Results per round, kept until a ballot or the round changes (see roundResults). */
const resultsCache = new Map<number, { stamp: string; results: RoundResults; at: number }>();
/** How stale live results may be while ballots change (a staff change always clears them). */
export const LIVE_RESULTS_MAX_AGE_MS = 10_000;
/** Every change to a round or its ballots in this process forgets its results. */
const forget = (roundId: number) => resultsCache.delete(roundId);

export type NewRound = {
  title: Translated;
  description: Translated;
  method: RoundMethod;
  maxChoices?: number | null;
  pointsTotal?: number | null;
  pointsPerOption?: number | null;
  budget?: number | null;
  budgetRule?: "greedy" | "mes" | null;
  opensAt: Date;
  closesAt: Date;
  resultsShown?: "live" | "after";
  published?: boolean;
  options: Array<{ title: Translated; description: Translated; cost?: number | null; goalId?: number | null }>;
};

export function createRound(input: NewRound): number {
  const { options, ...round } = input;
  return getDb().transaction((tx) => {
    const { id } = tx.insert(rounds).values(round).returning({ id: rounds.id }).get();
    options.forEach((o, position) => tx.insert(roundOptions).values({ ...o, roundId: id, position }).run());
    return id;
  });
}

export function getRound(id: number) {
  const db = getDb();
  const round = db.select().from(rounds).where(eq(rounds.id, id)).get();
  if (!round) return undefined;
  const rows = db
    .select({ id: roundOptions.id, title: roundOptions.title, description: roundOptions.description, cost: roundOptions.cost, goalId: roundOptions.goalId, photoId: roundOptions.photoId })
    .from(roundOptions)
    .where(eq(roundOptions.roundId, id))
    .orderBy(asc(roundOptions.position), asc(roundOptions.id))
    .all();
  const links = rows.length
    ? db
        .select({ optionId: roundOptionIdeas.optionId, ideaId: roundOptionIdeas.ideaId, title: ideas.title, status: ideas.status, hidden: ideas.hidden })
        .from(roundOptionIdeas)
        .innerJoin(ideas, eq(ideas.id, roundOptionIdeas.ideaId))
        .where(inArray(roundOptionIdeas.optionId, rows.map((o) => o.id)))
        .orderBy(asc(roundOptionIdeas.ideaId))
        .all()
    : [];
  const options = rows.map((o) => ({ ...o, ideas: links.filter((l) => l.optionId === o.id).map((l) => ({ id: l.ideaId, title: l.title, status: l.status, hidden: l.hidden })) }));
  return { ...round, eligibleDistricts: round.eligibleDistricts ?? null, options };
}
export type Round = NonNullable<ReturnType<typeof getRound>>;

/**
 * Casts or changes an account's ballot, in one transaction: the unique index on (round, account)
 * means a second submission, however close in time, replaces the first instead of adding one.
 */
export function castBallot(input: { roundId: number; userId: number; districtId: number | null; choices: Choice[]; now?: number }): number {
  const now = new Date(input.now ?? Date.now());
  // No forget(): the ballot version changes, and live results may lag by LIVE_RESULTS_MAX_AGE_MS.
  return getDb().transaction((tx) => {
    const { id } = tx
      .insert(ballots)
      .values({ roundId: input.roundId, userId: input.userId, districtId: input.districtId, channel: "online" })
      .onConflictDoUpdate({ target: [ballots.roundId, ballots.userId], set: { updatedAt: now, districtId: input.districtId } })
      .returning({ id: ballots.id })
      .get();
    tx.delete(ballotChoices).where(eq(ballotChoices.ballotId, id)).run();
    for (const c of input.choices) tx.insert(ballotChoices).values({ ballotId: id, optionId: c.optionId, rank: c.rank ?? null, points: c.points ?? null }).run();
    return id;
  });
}

/** A paper ballot typed in by staff: no account, and who entered it is recorded. */
export function enterPaperBallot(input: { roundId: number; enteredBy: number; districtId: number | null; choices: Choice[] }): number {
  forget(input.roundId);
  return getDb().transaction((tx) => {
    const { id } = tx
      .insert(ballots)
      .values({ roundId: input.roundId, channel: "paper", enteredBy: input.enteredBy, districtId: input.districtId })
      .returning({ id: ballots.id })
      .get();
    for (const c of input.choices) tx.insert(ballotChoices).values({ ballotId: id, optionId: c.optionId, rank: c.rank ?? null, points: c.points ?? null }).run();
    return id;
  });
}

/** The account's own ballot, to show and change it. Nobody else's ballot is ever read by a page. */
export function getOwnBallot(roundId: number, userId: number): Choice[] | null {
  const db = getDb();
  const ballot = db.select({ id: ballots.id }).from(ballots).where(and(eq(ballots.roundId, roundId), eq(ballots.userId, userId))).get();
  if (!ballot) return null;
  return db
    .select({ optionId: ballotChoices.optionId, rank: ballotChoices.rank, points: ballotChoices.points })
    .from(ballotChoices)
    .where(eq(ballotChoices.ballotId, ballot.id))
    .all()
    .map((c) => ({ optionId: c.optionId, ...(c.rank !== null ? { rank: c.rank } : {}), ...(c.points !== null ? { points: c.points } : {}) }));
}

/**
 * Totals per option, in SQL: ballots naming it, first preferences, Borda points (first choice
 * gets K points, the next K−1, …) and points given.
 */
export function optionTotals(roundId: number, k: number) {
  return getDb().all<{ optionId: number; ballots: number; first: number; borda: number; points: number }>(sql`
    select o.id as optionId,
           count(c.ballot_id) as ballots,
           coalesce(sum(c.rank = 1), 0) as first,
           coalesce(sum(case when c.rank is not null then max(${k} + 1 - c.rank, 0) else 0 end), 0) as borda,
           coalesce(sum(c.points), 0) as points
    from round_options o
    left join ballot_choices c on c.option_id = o.id
    where o.round_id = ${roundId}
    group by o.id
    order by o.position, o.id`);
}

export function turnout(roundId: number) {
  const db = getDb();
  const total = db.select({ n: sql<number>`count(*)` }).from(ballots).where(eq(ballots.roundId, roundId)).get()?.n ?? 0;
  const byDistrict = db
    .select({ districtId: ballots.districtId, ballots: sql<number>`count(*)` })
    .from(ballots)
    .where(eq(ballots.roundId, roundId))
    .groupBy(ballots.districtId)
    .all();
  const byChannel = db
    .select({ channel: ballots.channel, ballots: sql<number>`count(*)` })
    .from(ballots)
    .where(eq(ballots.roundId, roundId))
    .groupBy(ballots.channel)
    .all();
  return { total, byDistrict, byChannel };
}

// ─── Lists ────────────────────────────────────────────────────────────────────────────────

// Written out in full: drizzle renders ${rounds.id} inside a subquery as a bare "id", which there
// would mean the ballot's own id.
/** Kept by triggers on ballots (migration 0016). */
const ballotCount = rounds.ballotsCount;

/** Every round for the hub, newest first, with its ballot count. */
export function listRoundsForStaff() {
  return getDb()
    .select({ id: rounds.id, title: rounds.title, method: rounds.method, published: rounds.published, opensAt: rounds.opensAt, closesAt: rounds.closesAt, ballots: ballotCount })
    .from(rounds)
    .orderBy(desc(rounds.opensAt), desc(rounds.id))
    .all();
}

/** Published rounds for residents: open and upcoming first (soonest closing first), then closed ones. */
export function listPublishedRounds(now: Date = new Date()) {
  const all = getDb()
    .select({ id: rounds.id, title: rounds.title, description: rounds.description, method: rounds.method, opensAt: rounds.opensAt, closesAt: rounds.closesAt, budget: rounds.budget, resultsShown: rounds.resultsShown, published: rounds.published, ballots: ballotCount })
    .from(rounds)
    .where(eq(rounds.published, true))
    .orderBy(asc(rounds.closesAt))
    .all();
  const current = all.filter((r) => r.closesAt > now);
  const closed = all.filter((r) => r.closesAt <= now).reverse();
  return { current, closed };
}

// ─── What staff change ────────────────────────────────────────────────────────────────────

export type RoundColumns = {
  title: Translated;
  description: Translated;
  method: RoundMethod;
  maxChoices: number | null;
  pointsTotal: number | null;
  pointsPerOption: number | null;
  budget: number | null;
  budgetRule: "greedy" | "mes" | null;
  opensAt: Date;
  closesAt: Date;
  eligibility: Eligibility;
  eligibleDistricts: number[] | null;
  resultsShown: "live" | "after";
};

export function createDraftRound(values: RoundColumns, actorId: number): number {
  return getDb().transaction((tx) => {
    const { id } = tx.insert(rounds).values({ ...values, published: false }).returning({ id: rounds.id }).get();
    recordAudit({ actorId, action: "round.created", targetType: "round", targetId: id, details: { method: values.method } }, tx);
    return id;
  });
}

export type RoundChangeRefusal = "locked" | "notFound" | "closesInPast" | "noOptions" | "missingCosts" | "costAboveBudget";

/**
 * Saves the settings. Once voting has started only the wording and (while open) the closing
 * time may change; anything else is refused, so earlier ballots keep their meaning.
 */
export function updateRoundSettings(id: number, values: RoundColumns, actorId: number, now = new Date()): { ok: true } | { ok: false; reason: RoundChangeRefusal } {
  forget(id);
  return getDb().transaction((tx) => {
    const round = tx.select().from(rounds).where(eq(rounds.id, id)).get();
    if (!round) return { ok: false as const, reason: "notFound" as const };
    const p = phase(round, now);
    if (!rulesLocked(p)) {
      tx.update(rounds).set(values).where(eq(rounds.id, id)).run();
      recordAudit({ actorId, action: "round.updated", targetType: "round", targetId: id }, tx);
      return { ok: true as const };
    }
    // The form carries times to the minute: a time within the same minute is the same time.
    const minute = (d: Date) => Math.floor(d.getTime() / 60_000);
    const closesChanged = minute(values.closesAt) !== minute(round.closesAt);
    const sameRules =
      values.method === round.method &&
      values.maxChoices === round.maxChoices &&
      values.pointsTotal === round.pointsTotal &&
      values.pointsPerOption === round.pointsPerOption &&
      values.budget === round.budget &&
      values.budgetRule === round.budgetRule &&
      minute(values.opensAt) === minute(round.opensAt) &&
      values.eligibility === round.eligibility &&
      JSON.stringify(values.eligibleDistricts ?? null) === JSON.stringify(round.eligibleDistricts ?? null) &&
      values.resultsShown === round.resultsShown &&
      (p === "open" || !closesChanged);
    if (!sameRules) return { ok: false as const, reason: "locked" as const };
    if (closesChanged && values.closesAt <= now) return { ok: false as const, reason: "closesInPast" as const };
    const closesAt = closesChanged ? values.closesAt : round.closesAt;
    tx.update(rounds).set({ title: values.title, description: values.description, closesAt }).where(eq(rounds.id, id)).run();
    recordAudit({ actorId, action: "round.reworded", targetType: "round", targetId: id, details: closesChanged ? { closesAt: closesAt.toISOString() } : {} }, tx);
    return { ok: true as const };
  });
}

/** Publishing needs two options at least, and in a budget round a cost on each that fits the budget. */
export function setPublished(id: number, published: boolean, actorId: number, now = new Date()): { ok: true } | { ok: false; reason: RoundChangeRefusal } {
  forget(id);
  const round = getRound(id);
  if (!round) return { ok: false, reason: "notFound" };
  if (rulesLocked(phase(round, now))) return { ok: false, reason: "locked" };
  if (published) {
    if (round.options.length < 2) return { ok: false, reason: "noOptions" };
    if (round.method === "budget") {
      if (round.options.some((o) => o.cost === null)) return { ok: false, reason: "missingCosts" };
      if (round.options.some((o) => (o.cost ?? 0) > (round.budget ?? 0))) return { ok: false, reason: "costAboveBudget" };
    }
  }
  getDb().transaction((tx) => {
    tx.update(rounds).set({ published }).where(eq(rounds.id, id)).run();
    recordAudit({ actorId, action: published ? "round.published" : "round.unpublished", targetType: "round", targetId: id }, tx);
  });
  return { ok: true };
}

/** Ends an open round now (the results then follow the round's setting for closed rounds). */
export function closeNow(id: number, actorId: number, now = new Date()): boolean {
  forget(id);
  return getDb().transaction((tx) => {
    const round = tx.select().from(rounds).where(eq(rounds.id, id)).get();
    if (!round || phase(round, now) !== "open") return false;
    tx.update(rounds).set({ closesAt: now }).where(eq(rounds.id, id)).run();
    recordAudit({ actorId, action: "round.closed", targetType: "round", targetId: id }, tx);
    return true;
  });
}

export type OptionColumns = { title: Translated; description: Translated; cost: number | null; goalId: number | null; ideaIds: number[]; photoId?: number | null };

/** Ideas that exist, of the given ids; the rest are reported back to the form. */
export function existingIdeaIds(ids: readonly number[]): number[] {
  if (ids.length === 0) return [];
  return getDb().select({ id: ideas.id }).from(ideas).where(inArray(ideas.id, [...ids])).all().map((r) => r.id);
}

function optionLocked(roundId: number, now: Date) {
  const round = getDb().select().from(rounds).where(eq(rounds.id, roundId)).get();
  return !round ? "notFound" : rulesLocked(phase(round, now)) ? "locked" : null;
}

export function savePhoto(photo: { data: Buffer; thumbnail: Buffer; width: number; height: number; contentType: string }): number {
  return getDb().insert(photos).values(photo).returning({ id: photos.id }).get().id;
}

/** Adds an option (before voting starts). */
export function addOption(roundId: number, values: OptionColumns, actorId: number, now = new Date()): { ok: true; id: number } | { ok: false; reason: RoundChangeRefusal } {
  forget(roundId);
  const refused = optionLocked(roundId, now);
  if (refused) return { ok: false, reason: refused };
  const id = getDb().transaction((tx) => {
    const position = tx.select({ n: sql<number>`coalesce(max(position), -1) + 1` }).from(roundOptions).where(eq(roundOptions.roundId, roundId)).get()?.n ?? 0;
    const { ideaIds, ...columns } = values;
    const { id } = tx.insert(roundOptions).values({ ...columns, roundId, position }).returning({ id: roundOptions.id }).get();
    for (const ideaId of ideaIds) tx.insert(roundOptionIdeas).values({ optionId: id, ideaId }).run();
    recordAudit({ actorId, action: "round.optionAdded", targetType: "round", targetId: roundId, details: { optionId: id } }, tx);
    return id;
  });
  return { ok: true, id };
}

/** Changes an option. Once voting has started, only its wording and links. */
export function updateOption(roundId: number, optionId: number, values: OptionColumns, actorId: number, now = new Date()): { ok: true } | { ok: false; reason: RoundChangeRefusal } {
  forget(roundId);
  const db = getDb();
  const option = db.select().from(roundOptions).where(and(eq(roundOptions.id, optionId), eq(roundOptions.roundId, roundId))).get();
  if (!option) return { ok: false, reason: "notFound" };
  const locked = optionLocked(roundId, now) === "locked";
  if (locked && (values.cost !== option.cost)) return { ok: false, reason: "locked" };
  db.transaction((tx) => {
    const { ideaIds, photoId, ...columns } = values;
    tx.update(roundOptions).set({ ...columns, ...(photoId !== undefined ? { photoId } : {}) }).where(eq(roundOptions.id, optionId)).run();
    tx.delete(roundOptionIdeas).where(eq(roundOptionIdeas.optionId, optionId)).run();
    for (const ideaId of ideaIds) tx.insert(roundOptionIdeas).values({ optionId, ideaId }).run();
    recordAudit({ actorId, action: "round.optionUpdated", targetType: "round", targetId: roundId, details: { optionId } }, tx);
  });
  return { ok: true };
}

export function deleteOption(roundId: number, optionId: number, actorId: number, now = new Date()): { ok: true } | { ok: false; reason: RoundChangeRefusal } {
  forget(roundId);
  const refused = optionLocked(roundId, now);
  if (refused) return { ok: false, reason: refused };
  return getDb().transaction((tx) => {
    const gone = tx.delete(roundOptions).where(and(eq(roundOptions.id, optionId), eq(roundOptions.roundId, roundId))).run();
    if (gone.changes === 0) return { ok: false as const, reason: "notFound" as const };
    recordAudit({ actorId, action: "round.optionDeleted", targetType: "round", targetId: roundId, details: { optionId } }, tx);
    return { ok: true as const };
  });
}

/** Moves an option one place up or down. */
export function moveOption(roundId: number, optionId: number, direction: "up" | "down", actorId: number, now = new Date()): boolean {
  forget(roundId);
  if (optionLocked(roundId, now)) return false;
  return getDb().transaction((tx) => {
    const order = tx.select({ id: roundOptions.id }).from(roundOptions).where(eq(roundOptions.roundId, roundId)).orderBy(asc(roundOptions.position), asc(roundOptions.id)).all().map((o) => o.id);
    const at = order.indexOf(optionId);
    const to = direction === "up" ? at - 1 : at + 1;
    if (at < 0 || to < 0 || to >= order.length) return false;
    [order[at], order[to]] = [order[to]!, order[at]!];
    order.forEach((id, position) => tx.update(roundOptions).set({ position }).where(eq(roundOptions.id, id)).run());
    recordAudit({ actorId, action: "round.optionMoved", targetType: "round", targetId: roundId, details: { optionId, direction } }, tx);
    return true;
  });
}

export function getOptionPhoto(optionId: number, size: "full" | "thumbnail") {
  const db = getDb();
  const row = db
    .select({ roundId: roundOptions.roundId, published: rounds.published, data: size === "full" ? photos.data : photos.thumbnail })
    .from(roundOptions)
    .innerJoin(rounds, eq(rounds.id, roundOptions.roundId))
    .innerJoin(photos, eq(photos.id, roundOptions.photoId))
    .where(eq(roundOptions.id, optionId))
    .get();
  return row ?? undefined;
}

// ─── Results ──────────────────────────────────────────────────────────────────────────────

/** A round's ballot version, bumped by triggers on every ballot change (migration 0010): one row read. */
function ballotStamp(roundId: number): string {
  const row = getDb().select({ version: rounds.ballotsVersion }).from(rounds).where(eq(rounds.id, roundId)).get();
  return String(row?.version ?? 0);
}

/** The approval ballots of a budget round as MES reads them, straight from SQL. */
function mesInstanceFor(roundId: number, options: ReadonlyArray<{ id: number; cost: number | null }>, budget: number): MesInstance {
  const client = getDb().$client;
  const voters = client.prepare("select count(*) from ballots where round_id = ?").pluck().get(roundId) as number;
  const index = new Map<number, number>();
  const lists = options.map(() => [] as number[]);
  const position = new Map(options.map((o, i) => [o.id, i]));
  const rows = client
    .prepare("select c.ballot_id, c.option_id from ballot_choices c join ballots b on b.id = c.ballot_id where b.round_id = ?")
    .raw()
    .iterate(roundId) as Iterable<[number, number]>;
  for (const [ballotId, optionId] of rows) {
    let voter = index.get(ballotId);
    if (voter === undefined) index.set(ballotId, (voter = index.size));
    const at = position.get(optionId);
    if (at !== undefined) lists[at]!.push(voter);
  }
  return { voters, ids: options.map((o) => String(o.id)), costs: options.map((o) => BigInt(o.cost ?? 0)), supporters: lists.map((l) => Int32Array.from(l)), budget: BigInt(budget) };
}

export type BudgetOutcome = { funded: number[]; spent: number };
export type RoundResults = {
  totals: Array<{ optionId: number; ballots: number; first: number; borda: number; points: number }>;
  turnout: ReturnType<typeof turnout>;
  budget: { greedy: BudgetOutcome; mes: BudgetOutcome } | null;
};

/**
 * Everything the results page and the API show: totals per option (SQL), turnout, and for a
 * budget round the outcome under both rules. Kept in memory until a ballot changes.
 */
export function roundResults(round: Pick<Round, "id" | "method" | "maxChoices" | "budget" | "options" | "published" | "opensAt" | "closesAt">, now = Date.now()): RoundResults {
  const stamp = ballotStamp(round.id);
  const cached = resultsCache.get(round.id);
  // While a round is open and ballots keep coming, its live results may lag by a few seconds
  // rather than be counted again on every view; otherwise they follow every change.
  const open = phase(round, new Date(now)) === "open";
  if (cached && (cached.stamp === stamp || (open && now - cached.at < LIVE_RESULTS_MAX_AGE_MS))) return cached.results;
  const totals = optionTotals(round.id, round.maxChoices ?? round.options.length);
  let budget: RoundResults["budget"] = null;
  if (round.method === "budget") {
    const money = round.budget ?? 0;
    const cost = new Map(round.options.map((o) => [o.id, o.cost ?? 0]));
    const ordered = greedyOrder(
      totals.map((t) => ({ id: String(t.optionId), cost: BigInt(cost.get(t.optionId) ?? 0), ballots: t.ballots })),
      (p) => p.ballots,
    );
    const g = fillGreedily(ordered, BigInt(money));
    const m = equalShares(mesInstanceFor(round.id, round.options, money));
    budget = {
      greedy: { funded: g.funded.map((p) => Number(p.id)), spent: Number(g.spent) },
      mes: { funded: m.funded.map(Number), spent: Number(m.spent) },
    };
  }
  const results = { totals, turnout: turnout(round.id), budget };
  resultsCache.set(round.id, { stamp, results, at: now });
  return results;
}
