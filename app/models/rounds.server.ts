// Every query about voting rounds, their options and ballots.
import { and, asc, eq, sql } from "drizzle-orm";
import { ballotChoices, ballots, roundOptions, rounds, type RoundMethod, type Translated } from "#db/schema";
import type { Choice } from "~/domain/rounds";
import { getDb } from "~/utils/db.server";

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
  const options = db
    .select({ id: roundOptions.id, title: roundOptions.title, description: roundOptions.description, cost: roundOptions.cost, goalId: roundOptions.goalId })
    .from(roundOptions)
    .where(eq(roundOptions.roundId, id))
    .orderBy(asc(roundOptions.position), asc(roundOptions.id))
    .all();
  return { ...round, options };
}

/**
 * Casts or changes an account's ballot, in one transaction: the unique index on (round, account)
 * means a second submission, however close in time, replaces the first instead of adding one.
 */
export function castBallot(input: { roundId: number; userId: number; districtId: number | null; choices: Choice[]; now?: number }): number {
  const now = new Date(input.now ?? Date.now());
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
