// The queries behind the open-data API (/api/v1, docs/api.md). Each returns only what is public:
// texts of published things in one language (Georgian when missing), counts from SQL, and of a
// person never more than an idea author's display name.
import { publicTurnout } from "~/domain/rounds";
import crypto from "node:crypto";
import { and, asc, desc, eq, inArray, notInArray, sql, type SQL } from "drizzle-orm";
import { districts, goals, ideas, measures, measureUpdates, rounds, users, type IdeaStatus, type MeasureStatus } from "#db/schema";
import { MIN_GROUP, phase, resultsPublic, toLocalTime, type RoundPhase } from "~/domain/rounds";
import { pick } from "~/domain/translated";
import { getMunicipality, listDistricts } from "~/models/municipality.server";
import { countListed } from "~/models/ideas.server";
import { countsByDistrict, participationCountsReady } from "~/models/participation.server";
import { goalInput } from "~/models/plan.server";
import { exportRoundPabulib } from "~/models/rounds-pabulib.server";
import { getRound, roundResults } from "~/models/rounds.server";
import { surveyVersion } from "~/models/surveys.server";
import { getDb } from "~/utils/db.server";

// ─── The plan ───────────────────────────────────────────────────────────────────────────

export type ApiMeasureUpdate = { id: number; at: string; status: MeasureStatus; progress: number; text: string };
export type ApiMeasure = {
  id: number;
  goalId: number;
  title: string;
  description: string;
  department: string;
  status: MeasureStatus;
  progress: number;
  startsOn: string | null;
  endsOn: string | null;
  /** Newest first. */
  updates: ApiMeasureUpdate[];
};

/** Measures (of one goal, or all) in plan order, each with its progress reports. */
function measuresWithUpdates(language: string, goalId?: number): ApiMeasure[] {
  const db = getDb();
  const rows = db
    .select()
    .from(measures)
    .where(goalId === undefined ? undefined : eq(measures.goalId, goalId))
    .orderBy(asc(measures.position), asc(measures.id))
    .all();
  if (rows.length === 0) return [];
  const updates = db
    .select({ id: measureUpdates.id, measureId: measureUpdates.measureId, at: measureUpdates.at, status: measureUpdates.status, progress: measureUpdates.progress, body: measureUpdates.body })
    .from(measureUpdates)
    .where(goalId === undefined ? undefined : inArray(measureUpdates.measureId, rows.map((m) => m.id)))
    .orderBy(desc(measureUpdates.at), desc(measureUpdates.id))
    .all();
  return rows.map((m) => ({
    id: m.id,
    goalId: m.goalId,
    title: pick(m.title, language),
    description: pick(m.description, language),
    department: pick(m.department, language),
    status: m.status,
    progress: m.progress,
    startsOn: m.startsOn,
    endsOn: m.endsOn,
    updates: updates
      .filter((u) => u.measureId === m.id)
      .map((u) => ({ id: u.id, at: u.at.toISOString(), status: u.status, progress: u.progress, text: pick(u.body, language) })),
  }));
}

function goalView(g: typeof goals.$inferSelect, language: string) {
  return { id: g.id, slug: g.slug, title: pick(g.title, language), description: pick(g.description, language), url: `/plan/${g.id}` };
}

/** Every goal in plan order with its measures and their updates. */
export function planForApi(language: string) {
  const all = measuresWithUpdates(language);
  const rows = getDb().select().from(goals).orderBy(asc(goals.position), asc(goals.id)).all();
  return rows.map((g) => ({ ...goalView(g, language), measures: all.filter((m) => m.goalId === g.id) }));
}

/**
 * A goal, its measures, and what residents said about it: public ideas (with supports), round
 * options of published rounds (with their ballots once the results are public), and questions
 * of published surveys linked to it. Each item names the measures staff linked it to.
 */
export function goalForApi(id: number, language: string, now = new Date()) {
  const goal = getDb().select().from(goals).where(eq(goals.id, id)).get();
  if (!goal) return null;
  const input = goalInput(id);
  const linkedMeasures = (kind: "idea" | "option" | "question", targetId: number) =>
    input.links.filter((l) => l.kind === kind && l.targetId === targetId && l.measureId !== null).map((l) => l.measureId as number);
  const districtNames = new Map(listDistricts().map((d) => [d.id, pick(d.name, language)]));

  // Ballots naming each option, only where the round's results are public (counted once per round).
  const ballotsByOption = new Map<number, number>();
  for (const roundId of new Set(input.options.map((o) => o.roundId))) {
    const round = getRound(roundId);
    if (!round || !resultsPublic(round, now)) continue;
    for (const t of roundResults(round).totals) ballotsByOption.set(t.optionId, t.ballots);
  }

  return {
    goal: goalView(goal, language),
    measures: measuresWithUpdates(language, id),
    input: {
      ideas: input.ideas.map((i) => ({
        id: i.id,
        title: i.title,
        status: i.status,
        supports: i.supports,
        district: { id: i.districtId, name: districtNames.get(i.districtId) ?? null },
        measures: linkedMeasures("idea", i.id),
        url: `/ideas/${i.id}`,
      })),
      options: input.options.map((o) => {
        const shown = resultsPublic(o, now);
        return {
          id: o.id,
          title: pick(o.title, language),
          round: { id: o.roundId, title: pick(o.roundTitle, language), phase: phase(o, now), url: `/rounds/${o.roundId}` },
          ballots: shown ? (ballotsByOption.get(o.id) ?? 0) : null,
          results: shown ? `/api/v1/rounds/${o.roundId}/results` : null,
          measures: linkedMeasures("option", o.id),
        };
      }),
      questions: input.questions.map((q) => {
        const closed = q.closesAt <= now;
        return {
          id: q.id,
          text: pick(q.text, language),
          survey: { id: q.surveyId, title: pick(q.surveyTitle, language), closed, url: `/surveys/${q.surveyId}` },
          results: closed ? `/api/v1/surveys/${q.surveyId}/results` : null,
          measures: linkedMeasures("question", q.id),
        };
      }),
    },
  };
}

/** Measures as one table: a row each, with the number of progress reports and the latest one's time. */
export function measuresTable(language: string, filter: { goal?: number; status?: MeasureStatus }) {
  const where: SQL[] = [];
  if (filter.goal !== undefined) where.push(eq(measures.goalId, filter.goal));
  if (filter.status !== undefined) where.push(eq(measures.status, filter.status));
  const rows = getDb()
    .select({
      id: measures.id,
      goalId: measures.goalId,
      goalTitle: goals.title,
      title: measures.title,
      description: measures.description,
      department: measures.department,
      status: measures.status,
      progress: measures.progress,
      startsOn: measures.startsOn,
      endsOn: measures.endsOn,
      // Spelled out: drizzle may write ${measures.id} as a bare "id", which inside the subquery is u.id.
      updates: sql<number>`(select count(*) from measure_updates u where u.measure_id = measures.id)`,
      lastUpdate: sql<number | null>`(select max(u.created_at) from measure_updates u where u.measure_id = measures.id)`,
    })
    .from(measures)
    .innerJoin(goals, eq(goals.id, measures.goalId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(goals.position), asc(goals.id), asc(measures.position), asc(measures.id))
    .all();
  return rows.map((m) => ({
    id: m.id,
    goalId: m.goalId,
    goal: pick(m.goalTitle, language),
    title: pick(m.title, language),
    description: pick(m.description, language),
    department: pick(m.department, language),
    status: m.status,
    progress: m.progress,
    startsOn: m.startsOn,
    endsOn: m.endsOn,
    updates: m.updates,
    lastUpdateAt: m.lastUpdate === null ? null : new Date(m.lastUpdate).toISOString(),
  }));
}

// ─── Ideas ──────────────────────────────────────────────────────────────────────────────

/** Statuses in which the city said yes to an idea: accepted into the plan, in progress, implemented. */
export const VALIDATED_STATUSES: readonly IdeaStatus[] = ["accepted", "in_progress", "implemented"];

export type IdeaFilter = { goal?: number; district?: number; status?: IdeaStatus; validated?: boolean };

/**
 * Ideas of the public list (published, visible, not merged away), newest first. Of the author
 * only the display name; the day it was submitted, not the time. Without `page`, every match.
 */
export function ideasForApi(filter: IdeaFilter, language: string, page?: { size: number; number: number }) {
  const db = getDb();
  const where: SQL[] = [eq(ideas.listed, true)];
  if (filter.goal !== undefined) where.push(eq(ideas.goalId, filter.goal));
  if (filter.district !== undefined) where.push(eq(ideas.districtId, filter.district));
  if (filter.status !== undefined) where.push(eq(ideas.status, filter.status));
  if (filter.validated === true) where.push(inArray(ideas.status, [...VALIDATED_STATUSES]));
  if (filter.validated === false) where.push(notInArray(ideas.status, [...VALIDATED_STATUSES]));
  const query = db
    .select({
      id: ideas.id,
      title: ideas.title,
      description: ideas.description,
      status: ideas.status,
      supports: ideas.supportsCount,
      comments: ideas.commentsCount,
      createdAt: ideas.createdAt,
      author: users.displayName,
      goalId: ideas.goalId,
      goalTitle: goals.title,
      districtId: ideas.districtId,
      districtName: districts.name,
    })
    .from(ideas)
    .innerJoin(goals, eq(goals.id, ideas.goalId))
    .innerJoin(districts, eq(districts.id, ideas.districtId))
    .leftJoin(users, eq(users.id, ideas.authorId))
    .where(and(...where))
    .orderBy(desc(ideas.publishedAt), desc(ideas.id))
    .$dynamic();
  const rows = page ? query.limit(page.size).offset((page.number - 1) * page.size).all() : query.all();
  const total = page ? countListed(where, filter) : rows.length;
  const { timeZone } = getMunicipality();
  const items = rows.map((i) => ({
    id: i.id,
    title: i.title,
    description: i.description,
    goal: { id: i.goalId, title: pick(i.goalTitle, language) },
    district: { id: i.districtId, name: pick(i.districtName, language) },
    status: i.status,
    validated: VALIDATED_STATUSES.includes(i.status),
    supports: i.supports,
    comments: i.comments,
    createdOn: toLocalTime(i.createdAt, timeZone).slice(0, 10),
    author: i.author ?? null,
    url: `/ideas/${i.id}`,
  }));
  return { items, total };
}

// ─── Rounds ─────────────────────────────────────────────────────────────────────────────

/** Published rounds, open and upcoming first (soonest closing first), then closed ones (latest first), with links to what is public of each. */
export function roundsForApi(language: string, now = new Date()) {
  const all = getDb()
    .select({
      id: rounds.id,
      title: rounds.title,
      description: rounds.description,
      method: rounds.method,
      opensAt: rounds.opensAt,
      closesAt: rounds.closesAt,
      budget: rounds.budget,
      resultsShown: rounds.resultsShown,
      published: rounds.published,
      // Spelled out: drizzle writes ${rounds.id} as a bare "id" here, which inside the subquery is b.id.
      ballots: sql<number>`(select count(*) from ballots b where b.round_id = rounds.id)`,
    })
    .from(rounds)
    .where(eq(rounds.published, true))
    .orderBy(asc(rounds.closesAt), asc(rounds.id))
    .all();
  const current = all.filter((r) => r.closesAt > now);
  const closed = all.filter((r) => r.closesAt <= now).reverse();
  return [...current, ...closed].map((r) => {
    const p: RoundPhase = phase(r, now);
    const shown = resultsPublic(r, now);
    return {
      id: r.id,
      title: pick(r.title, language),
      description: pick(r.description, language),
      method: r.method,
      phase: p,
      opensAt: r.opensAt.toISOString(),
      closesAt: r.closesAt.toISOString(),
      budget: r.budget,
      resultsShown: r.resultsShown,
      ballots: r.ballots,
      links: {
        page: `/rounds/${r.id}`,
        results: shown ? `/api/v1/rounds/${r.id}/results` : null,
        resultsCsv: shown ? `/api/v1/rounds/${r.id}/results.csv` : null,
        ballots: r.method === "budget" && p === "closed" && r.ballots >= MIN_GROUP ? `/api/v1/rounds/${r.id}/ballots.pb` : null,
      },
    };
  });
}

// The exported ballots are shuffled afresh on every export: kept here so that the same round gives
// the same file (and ETag) until its ballots or texts change. One fixed shuffle hides as much as any.
const pabulibCache = new Map<string, string>();
const PABULIB_CACHE_SIZE = 32;

/**
 * The ballots of a closed, published budget round as a Pabulib file (anonymous: shuffled, numbered
 * 1..n, no account, time, channel or district). "tooFewBallots" below MIN_GROUP ballots: with so few,
 * a voter could tell the others' ballots apart.
 */
export function publicPabulib(id: number, language: string, now = new Date()): { ok: true; text: string } | { ok: false; reason: "notFound" | "tooFewBallots" } {
  const round = getRound(id);
  if (!round || !round.published || round.method !== "budget" || phase(round, now) !== "closed") return { ok: false, reason: "notFound" };
  const count = getDb().$client.prepare("select count(*) from ballots where round_id = ?").pluck().get(id) as number;
  if (count < MIN_GROUP) return { ok: false, reason: "tooFewBallots" };
  const texts = JSON.stringify([round.title, round.budget, round.budgetRule, round.opensAt, round.closesAt, round.options.map((o) => [o.id, o.title, o.cost])]);
  const key = `${id}:${language}:${round.ballotsVersion}:${crypto.createHash("sha256").update(texts).digest("base64url")}`;
  const cached = pabulibCache.get(key);
  if (cached !== undefined) return { ok: true, text: cached };
  const text = exportRoundPabulib(id, language);
  if (text === null) return { ok: false, reason: "notFound" };
  for (const old of [...pabulibCache.keys()]) if (old.startsWith(`${id}:${language}:`)) pabulibCache.delete(old);
  const oldest = pabulibCache.keys().next();
  if (pabulibCache.size >= PABULIB_CACHE_SIZE && !oldest.done) pabulibCache.delete(oldest.value);
  pabulibCache.set(key, text);
  return { ok: true, text };
}

// ─── Participation ──────────────────────────────────────────────────────────────────────

export const PARTICIPATION_COUNTS = ["accounts", "ideas", "supports", "ballots", "surveyResponses"] as const;
const SUPPRESSED = ["ballots", "surveyResponses"] as const;
type Count = (typeof PARTICIPATION_COUNTS)[number];
type Counts = Record<Count, number>;

const per1000 = (n: number, population: number | null) => (population ? Math.round((n * 100_000) / population) / 100 : null);

type ByDistrict = Map<number | null, number>;
/** Each round's and survey's counts by district, kept until its ballots or responses change. */
const roundCounts = new Map<number, { version: number; counts: ByDistrict }>();
const surveyCounts = new Map<number, { version: number; counts: ByDistrict }>();

/**
 * The sum over rounds or surveys of their counts by district, each counted with `query` (one
 * parameter: its id) when its version differs from the one kept, else taken from `kept`.
 */
function sumByDistrict(items: Array<[number, number]>, kept: Map<number, { version: number; counts: ByDistrict }>, query: string): ByDistrict {
  const statement = getDb().$client.prepare(query).raw();
  const total: ByDistrict = new Map();
  for (const [id, version] of items) {
    let entry = kept.get(id);
    if (entry?.version !== version) kept.set(id, (entry = { version, counts: new Map(statement.all(id) as Array<[number | null, number]>) }));
    for (const [district, n] of entry.counts) total.set(district, (total.get(district) ?? 0) + n);
  }
  return total;
}

/** Ballots by the voter's district in published rounds whose results are public now. */
function publicBallotsByDistrict(now: Date): ByDistrict {
  const rounds = getDb()
    .$client.prepare("select id, ballots_version from rounds where published = 1 and (closes_at <= @now or (results_shown = 'live' and opens_at <= @now))")
    .raw()
    .all({ now: now.getTime() }) as Array<[number, number]>;
  return sumByDistrict(rounds, roundCounts, "select district_id, count(*) from ballots where round_id = ? group by district_id");
}

/** Responses to published surveys by the district the respondent chose to give. */
function publishedResponsesByDistrict(): ByDistrict {
  const surveys = getDb().$client.prepare("select id from surveys where published = 1").pluck().all() as number[];
  return sumByDistrict(
    surveys.map((id) => [id, surveyVersion(id)]),
    surveyCounts,
    "select district_id, count(*) from survey_responses where survey_id = ? group by district_id",
  );
}

/**
 * Counts of actions by district, and per 1,000 residents: residents' accounts (home district),
 * ideas (the district they are about, whatever became of them), supports (the supporter's home
 * district), ballots in published rounds whose results are public (the voter's district when
 * voting), and responses to published surveys (the district the respondent chose to give).
 * Only districts: never age or gender. Accounts, ideas and supports are read from the counts by day
 * (decision 011); ballots and responses per round and survey, kept while they do not change.
 */
export function participation(language: string, now = new Date()) {
  participationCountsReady(now.getTime());
  const counts: Record<Count, Map<number | null, number>> = {
    accounts: countsByDistrict("account"),
    ideas: countsByDistrict("idea"),
    supports: countsByDistrict("support"),
    ballots: publicBallotsByDistrict(now),
    surveyResponses: publishedResponsesByDistrict(),
  };
  const countsOf = (districtId: number | null) => Object.fromEntries(PARTICIPATION_COUNTS.map((c) => [c, counts[c].get(districtId) ?? 0])) as Counts;
  const rates = (c: Counts, population: number | null) => Object.fromEntries(PARTICIPATION_COUNTS.map((k) => [k, per1000(c[k], population)])) as Record<Count, number | null>;

  const known = listDistricts().map((d) => {
    const c = countsOf(d.id);
    return { id: d.id, slug: d.slug, name: pick(d.name, language), population: d.population, ...c, per1000: rates(c, d.population) };
  });
  const notGiven = countsOf(null);
  const total = Object.fromEntries(PARTICIPATION_COUNTS.map((k) => [k, [...counts[k].values()].reduce((a, b) => a + b, 0)])) as Counts;
  const population = known.every((d) => d.population !== null) ? known.reduce((sum, d) => sum + (d.population ?? 0), 0) : null;
  // Ballots and survey responses by district are what the results pages protect: a group of 1–4
  // is hidden here too (null), with a second one when the total would give it away.
  const shown: { districts: Array<Record<string, unknown>>; notGiven: Record<string, unknown>; total: Record<string, unknown> } = {
    districts: known.map((d) => ({ ...d, per1000: { ...d.per1000 } })),
    notGiven: { ...notGiven },
    total: { population, ...total, per1000: rates(total, population) },
  };
  for (const k of SUPPRESSED) {
    const safe = publicTurnout([...known.map((d) => ({ districtId: d.id as number | null, ballots: d[k] })), { districtId: null, ballots: notGiven[k] }]);
    safe.byDistrict.forEach((g) => {
      if (g.ballots !== null) return;
      if (g.districtId === null) shown.notGiven[k] = null;
      const row = shown.districts.find((d) => d.id === g.districtId);
      if (row) {
        row[k] = null;
        (row.per1000 as Record<string, unknown>)[k] = null;
      }
    });
    if (safe.total === null) {
      shown.total[k] = null;
      (shown.total.per1000 as Record<string, unknown>)[k] = null;
    }
  }
  return shown as unknown as {
    districts: Array<(typeof known)[number] & Record<(typeof SUPPRESSED)[number], number | null>>;
    notGiven: Counts & Record<(typeof SUPPRESSED)[number], number | null>;
    total: { population: number | null } & Counts & Record<(typeof SUPPRESSED)[number], number | null> & { per1000: Record<Count, number | null> };
  };
}
