// A voting round's ballots to and from the Pabulib `.pb` format (pabulib.org). Exported ballots
// are anonymous: shuffled with crypto randomness and numbered 1..n, with no account, channel,
// time or district. Imported files become a new unpublished round.
import crypto from "node:crypto";
import { roundOptions, rounds, type RoundMethod } from "#db/schema";
import { fromLocalTime, toLocalTime } from "~/domain/rounds";
import { PabulibError, parsePabulib, ruleFromName } from "~/domain/tally";
import type { PabulibElection } from "~/domain/tally/pabulib";
import { formatPabulib } from "~/domain/tally/pabulib-write";
import { pick } from "~/domain/translated";
import { recordAudit } from "./audit.server";
import { getMunicipality } from "./municipality.server";
import { getRound } from "./rounds.server";
import { getDb } from "~/utils/db.server";

const DAY = 24 * 60 * 60 * 1000;

/** `at` as `dd.mm.yyyy` on the calendar of the time zone. */
function formatDay(at: Date, timeZone: string): string {
  const [year, month, day] = toLocalTime(at, timeZone).slice(0, 10).split("-");
  return `${day}.${month}.${year}`;
}

/** Midnight starting a `dd.mm.yyyy` day in the time zone, or null when it is not a real date. */
function parseDay(value: string | undefined, timeZone: string): Date | null {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value?.trim() ?? "");
  if (!m) return null;
  return fromLocalTime(`${m[3]}-${m[2]!.padStart(2, "0")}-${m[1]!.padStart(2, "0")}T00:00`, timeZone);
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

const VOTE_TYPES: Record<RoundMethod, string> = { approval: "approval", budget: "approval", ranked: "ordinal", points: "cumulative" };

/** The round as a `.pb` text, names in `language` (Georgian when missing); null when there is no such round. */
export function exportRoundPabulib(roundId: number, language: string): string | null {
  const round = getRound(roundId);
  if (!round) return null;
  const { timeZone } = getMunicipality();

  const rows = getDb()
    .$client.prepare(
      `select b.id, c.option_id, c.points
       from ballots b
       left join ballot_choices c on c.ballot_id = b.id
       left join round_options o on o.id = c.option_id
       where b.round_id = ?
       order by b.id, c.rank, o.position, o.id`,
    )
    .raw()
    .all(roundId) as Array<[number, number | null, number | null]>;
  const byBallot = new Map<number, { vote: string[]; points: number[] }>();
  const votesPerOption = new Map<number, number>();
  for (const [ballotId, optionId, points] of rows) {
    let ballot = byBallot.get(ballotId);
    if (!ballot) byBallot.set(ballotId, (ballot = { vote: [], points: [] }));
    if (optionId === null) continue;
    ballot.vote.push(String(optionId));
    ballot.points.push(points ?? 0);
    votesPerOption.set(optionId, (votesPerOption.get(optionId) ?? 0) + 1);
  }
  const withPoints = round.method === "points";
  const votes = shuffle([...byBallot.values()]).map((b, i) => ({ voterId: String(i + 1), vote: b.vote, ...(withPoints ? { points: b.points } : {}) }));

  const totalCost = round.options.reduce((sum, o) => sum + (o.cost ?? 0), 0);
  const meta: Record<string, string> = {
    description: pick(round.title, language),
    country: "Georgia",
    unit: "Rustavi",
    instance: toLocalTime(round.opensAt, timeZone).slice(0, 4),
    num_projects: String(round.options.length),
    num_votes: String(votes.length),
    budget: String(round.method === "budget" ? (round.budget ?? totalCost) : totalCost),
    vote_type: VOTE_TYPES[round.method],
  };
  if (round.method === "budget") meta.rule = round.budgetRule === "mes" ? "equalshares/add1" : "greedy";
  if ((round.method === "ranked" || round.method === "approval") && round.maxChoices) meta.max_length = String(round.maxChoices);
  if (round.method === "points") {
    if (round.pointsTotal !== null) meta.max_sum_points = String(round.pointsTotal);
    if (round.pointsPerOption !== null) meta.max_points = String(round.pointsPerOption);
  }
  meta.date_begin = formatDay(round.opensAt, timeZone);
  meta.date_end = formatDay(new Date(round.closesAt.getTime() - 1), timeZone);

  const projects = round.options.map((o) => ({ id: String(o.id), cost: BigInt(o.cost ?? 0), name: pick(o.title, language), votes: votesPerOption.get(o.id) ?? 0 }));
  return formatPabulib({ meta, projects, votes });
}

export type PabulibImportResult = { ok: true; roundId: number; ballots: number; options: number } | { ok: false; line: number | null; message: string };

type RoundSettings = {
  method: RoundMethod;
  maxChoices: number | null;
  pointsTotal: number | null;
  pointsPerOption: number | null;
  budget: number | null;
  budgetRule: "greedy" | "mes" | null;
};

function wholeMeta(value: string | undefined): number | null {
  return value !== undefined && /^\d+$/.test(value) && Number.isSafeInteger(Number(value)) ? Number(value) : null;
}

/** The round's method and limits for a parsed file, or why Khma cannot hold it. */
function settingsFor(election: PabulibElection): RoundSettings | { line: number | null; message: string } {
  const none = { maxChoices: null, pointsTotal: null, pointsPerOption: null, budget: null, budgetRule: null };
  switch (election.voteType) {
    case "scoring":
      return { line: null, message: 'vote_type "scoring" cannot be imported: Khma has no scoring rounds' };
    case "approval": {
      if (election.budget > 0n && election.projects.some((p) => p.cost > 0n)) {
        if (election.budget > BigInt(Number.MAX_SAFE_INTEGER)) return { line: null, message: "the budget is too large" };
        return { ...none, method: "budget", budget: Number(election.budget), budgetRule: ruleFromName(election.rule ?? "") ?? "greedy" };
      }
      return { ...none, method: "approval", maxChoices: election.maxLength || null };
    }
    case "ordinal": {
      const longest = election.votes.reduce((max, v) => Math.max(max, v.vote.length), 0);
      return { ...none, method: "ranked", maxChoices: election.maxLength || longest || null };
    }
    case "cumulative": {
      let largest = 0;
      for (const v of election.votes) {
        const points = v.points ?? [];
        if (points.some((p) => p < 0)) return { line: v.line, message: `line ${v.line}: points cannot be negative` };
        largest = Math.max(largest, points.reduce((sum, p) => sum + p, 0));
      }
      return { ...none, method: "points", pointsTotal: wholeMeta(election.meta.max_sum_points) ?? (largest || null), pointsPerOption: wholeMeta(election.meta.max_points) };
    }
  }
}

/** Reads a `.pb` text into a new unpublished round with its ballots, in one transaction. */
export function importPabulibRound(input: { text: string; importedBy: number; now?: Date }): PabulibImportResult {
  let election: PabulibElection;
  try {
    election = parsePabulib(input.text);
  } catch (error) {
    if (error instanceof PabulibError) return { ok: false, line: error.line, message: error.message };
    throw error;
  }
  if (election.projects.length === 0) return { ok: false, line: null, message: "the file has no projects" };
  const tooDear = election.projects.find((p) => p.cost > BigInt(Number.MAX_SAFE_INTEGER));
  if (tooDear) return { ok: false, line: tooDear.line, message: `line ${tooDear.line}: the cost of project "${tooDear.id}" is too large` };
  const settings = settingsFor(election);
  if ("message" in settings) return { ok: false, ...settings };

  const now = input.now ?? new Date();
  const { timeZone } = getMunicipality();
  const begin = parseDay(election.meta.date_begin, timeZone);
  const end = parseDay(election.meta.date_end, timeZone);
  let opensAt = new Date(now.getTime() - DAY);
  let closesAt = now;
  if (begin && end && end.getTime() + DAY > begin.getTime()) {
    opensAt = begin;
    closesAt = new Date(end.getTime() + DAY);
  }
  const name = election.meta.description?.trim() || ["Pabulib", election.meta.unit, election.meta.instance].filter(Boolean).join(" ");

  const db = getDb();
  return db.transaction((tx) => {
    const { id: roundId } = tx
      .insert(rounds)
      .values({ ...settings, title: { ka: name }, description: {}, opensAt, closesAt, published: false })
      .returning({ id: rounds.id })
      .get();
    const optionIds = new Map<string, number>();
    election.projects.forEach((p, position) => {
      const title = p.name?.trim() || `Project ${p.id}`;
      const { id } = tx.insert(roundOptions).values({ roundId, title: { ka: title }, description: {}, cost: Number(p.cost), position }).returning({ id: roundOptions.id }).get();
      optionIds.set(p.id, id);
    });

    const insertBallot = db.$client.prepare("insert into ballots (round_id, user_id, channel, entered_by, district_id, created_at) values (?, null, 'import', ?, null, ?)");
    const insertChoice = db.$client.prepare("insert into ballot_choices (ballot_id, option_id, rank, points) values (?, ?, ?, ?)");
    const ranked = settings.method === "ranked";
    const withPoints = settings.method === "points";
    const createdAt = now.getTime();
    for (const v of election.votes) {
      const ballotId = Number(insertBallot.run(roundId, input.importedBy, createdAt).lastInsertRowid);
      v.vote.forEach((projectId, k) => {
        insertChoice.run(ballotId, optionIds.get(projectId), ranked ? k + 1 : null, withPoints ? (v.points?.[k] ?? 0) : null);
      });
    }

    const counts = { ballots: election.votes.length, options: election.projects.length };
    recordAudit({ actorId: input.importedBy, action: "round.imported", targetType: "round", targetId: roundId, details: { ...counts, method: settings.method, voteType: election.voteType } }, tx);
    return { ok: true as const, roundId, ...counts };
  });
}
