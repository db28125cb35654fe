// The long-term development plan: goals, their measures with progress and updates, and the
// residents' input linked to them (ideas, round options, survey questions).
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { goals, ideas, measures, measureUpdates, planLinks, roundOptions, rounds, surveyQuestions, surveys, type MeasureStatus, type Translated } from "#db/schema";
import { PUBLIC_STATUSES } from "~/domain/ideas";
import { recordAudit } from "~/models/audit.server";
import { getDb } from "~/utils/db.server";

export const MEASURE_STATUSES: readonly MeasureStatus[] = ["planned", "in_progress", "done", "paused", "cancelled"];

export type MeasureColumns = {
  title: Translated;
  description: Translated;
  department: Translated;
  status: MeasureStatus;
  progress: number;
  startsOn: string | null;
  endsOn: string | null;
};

/** Goals in plan order, each with its measures. */
export function listPlan() {
  const db = getDb();
  const allGoals = db.select().from(goals).orderBy(asc(goals.position)).all();
  const allMeasures = db.select().from(measures).orderBy(asc(measures.position), asc(measures.id)).all();
  return allGoals.map((g) => ({ ...g, measures: allMeasures.filter((m) => m.goalId === g.id) }));
}

export function getMeasure(id: number) {
  const db = getDb();
  const measure = db.select().from(measures).where(eq(measures.id, id)).get();
  if (!measure) return undefined;
  const updates = db.select().from(measureUpdates).where(eq(measureUpdates.measureId, id)).orderBy(desc(measureUpdates.at), desc(measureUpdates.id)).all();
  return { ...measure, updates };
}

export function createMeasure(goalId: number, values: MeasureColumns, actorId: number): number {
  return getDb().transaction((tx) => {
    const position = tx.select({ n: sql<number>`coalesce(max(position), -1) + 1` }).from(measures).where(eq(measures.goalId, goalId)).get()?.n ?? 0;
    const { id } = tx.insert(measures).values({ ...values, goalId, position }).returning({ id: measures.id }).get();
    recordAudit({ actorId, action: "plan.measureCreated", targetType: "measure", targetId: id, details: { goalId } }, tx);
    return id;
  });
}

export function updateMeasure(id: number, values: MeasureColumns, actorId: number): boolean {
  return getDb().transaction((tx) => {
    const done = tx.update(measures).set(values).where(eq(measures.id, id)).run().changes > 0;
    if (done) recordAudit({ actorId, action: "plan.measureUpdated", targetType: "measure", targetId: id }, tx);
    return done;
  });
}

/** A progress report residents read: it sets the measure's status and progress and keeps the note. */
export function addMeasureUpdate(id: number, input: { body: Translated; status: MeasureStatus; progress: number }, actorId: number): boolean {
  return getDb().transaction((tx) => {
    const done = tx.update(measures).set({ status: input.status, progress: input.progress }).where(eq(measures.id, id)).run().changes > 0;
    if (!done) return false;
    tx.insert(measureUpdates).values({ measureId: id, authorId: actorId, ...input }).run();
    recordAudit({ actorId, action: "plan.progressReported", targetType: "measure", targetId: id, details: { status: input.status, progress: input.progress } }, tx);
    return true;
  });
}

export type LinkKind = "idea" | "option" | "question";

/** Whether the linked thing exists (ideas must be public to be linked). */
function targetExists(kind: LinkKind, id: number): boolean {
  const db = getDb();
  if (kind === "idea") return Boolean(db.select({ id: ideas.id }).from(ideas).where(and(eq(ideas.id, id), inArray(ideas.status, [...PUBLIC_STATUSES]), eq(ideas.hidden, false))).get());
  if (kind === "option") return Boolean(db.select({ id: roundOptions.id }).from(roundOptions).where(eq(roundOptions.id, id)).get());
  return Boolean(db.select({ id: surveyQuestions.id }).from(surveyQuestions).where(eq(surveyQuestions.id, id)).get());
}

/** Links input to a goal (and a measure of it). Returns false when something does not exist or is already linked. */
export function linkInput(input: { kind: LinkKind; targetId: number; goalId: number; measureId: number | null }, actorId: number): "linked" | "exists" | "notFound" {
  const db = getDb();
  if (!targetExists(input.kind, input.targetId)) return "notFound";
  if (!db.select({ id: goals.id }).from(goals).where(eq(goals.id, input.goalId)).get()) return "notFound";
  if (input.measureId !== null && !db.select({ id: measures.id }).from(measures).where(and(eq(measures.id, input.measureId), eq(measures.goalId, input.goalId))).get()) return "notFound";
  return db.transaction((tx) => {
    const inserted = tx.insert(planLinks).values({ ...input, createdBy: actorId }).onConflictDoNothing().run();
    if (inserted.changes === 0) return "exists" as const;
    recordAudit({ actorId, action: "plan.linked", targetType: "goal", targetId: input.goalId, details: input }, tx);
    return "linked" as const;
  });
}

export function unlinkInput(linkId: number, actorId: number): boolean {
  return getDb().transaction((tx) => {
    const gone = tx.delete(planLinks).where(eq(planLinks.id, linkId)).returning().get();
    if (gone) recordAudit({ actorId, action: "plan.unlinked", targetType: "goal", targetId: gone.goalId, details: { kind: gone.kind, targetId: gone.targetId } }, tx);
    return Boolean(gone);
  });
}

/**
 * What residents said about a goal: public ideas filed under it or linked to it (the 50 most
 * supported, and how many there are with how many supports in all),
 * round options of the goal with their round, survey questions linked to it, and the links.
 */
export function goalInput(goalId: number) {
  const db = getDb();
  const links = db.select().from(planLinks).where(eq(planLinks.goalId, goalId)).all();
  const linkedIdeaIds = links.filter((l) => l.kind === "idea").map((l) => l.targetId);
  // Public ideas (listed: visible, in a public status, not merged) of the goal, read from its index,
  // and those of other goals linked to it.
  const linked = linkedIdeaIds.length ? linkedIdeaIds : [0];
  const totals = db.get<{ ideas: number; supports: number }>(sql`
    select sum(n) as ideas, sum(s) as supports from (
      select count(*) as n, coalesce(sum(supports_count), 0) as s from ideas indexed by ideas_listed_goal_supported_idx where listed = 1 and goal_id = ${goalId}
      union all
      select count(*), coalesce(sum(supports_count), 0) from ideas where listed = 1 and id in ${linked} and goal_id != ${goalId}
    )`) ?? { ideas: 0, supports: 0 };
  // The 50 most supported: those of the goal in index order (no sort over all of them), with the linked ones.
  const top = db
    .all<{ id: number }>(sql`select id from (
      select * from (select id, supports_count from ideas indexed by ideas_listed_goal_supported_idx where listed = 1 and goal_id = ${goalId} order by supports_count desc, id desc limit 50)
      union select id, supports_count from ideas where listed = 1 and id in ${linked}
    ) order by supports_count desc, id desc limit 50`)
    .map((r) => r.id);
  const goalIdeas = top.length
    ? db
        .select({ id: ideas.id, title: ideas.title, status: ideas.status, supports: ideas.supportsCount, districtId: ideas.districtId })
        .from(ideas)
        .where(inArray(ideas.id, top))
        .orderBy(desc(ideas.supportsCount), desc(ideas.id))
        .all()
    : [];
  const linkedOptionIds = links.filter((l) => l.kind === "option").map((l) => l.targetId);
  const options = db
    .select({ id: roundOptions.id, title: roundOptions.title, roundId: rounds.id, roundTitle: rounds.title, closesAt: rounds.closesAt, resultsShown: rounds.resultsShown, opensAt: rounds.opensAt, published: rounds.published })
    .from(roundOptions)
    .innerJoin(rounds, eq(rounds.id, roundOptions.roundId))
    .where(and(eq(rounds.published, true), linkedOptionIds.length ? sql`(${roundOptions.goalId} = ${goalId} or ${roundOptions.id} in ${linkedOptionIds})` : eq(roundOptions.goalId, goalId)))
    .all();
  const questionIds = links.filter((l) => l.kind === "question").map((l) => l.targetId);
  const questions = questionIds.length
    ? db
        .select({ id: surveyQuestions.id, text: surveyQuestions.text, surveyId: surveys.id, surveyTitle: surveys.title, closesAt: surveys.closesAt })
        .from(surveyQuestions)
        .innerJoin(surveys, eq(surveys.id, surveyQuestions.surveyId))
        .where(and(inArray(surveyQuestions.id, questionIds), eq(surveys.published, true)))
        .all()
    : [];
  return { links, ideas: goalIdeas, totals, options, questions };
}

/** A goal's links, newest first: `limit` of them (all when null), and how many there are. */
export function goalLinks(goalId: number, limit: number | null) {
  const db = getDb();
  const query = db.select({ id: planLinks.id, kind: planLinks.kind, targetId: planLinks.targetId, measureId: planLinks.measureId }).from(planLinks).where(eq(planLinks.goalId, goalId)).orderBy(desc(planLinks.id));
  const links = limit === null ? query.all() : query.limit(limit).all();
  const total = limit !== null && links.length === limit ? (db.get<{ n: number }>(sql`select count(*) as n from plan_links where goal_id = ${goalId}`)?.n ?? 0) : links.length;
  return { links, total };
}

/** Measures each idea is linked to, for "where it went". */
export function measuresOfIdeas(ideaIds: number[]) {
  if (ideaIds.length === 0) return [];
  return getDb()
    .select({ ideaId: planLinks.targetId, measureId: measures.id, title: measures.title, goalId: measures.goalId, progress: measures.progress, status: measures.status })
    .from(planLinks)
    .innerJoin(measures, eq(measures.id, planLinks.measureId))
    .where(and(eq(planLinks.kind, "idea"), inArray(planLinks.targetId, ideaIds)))
    .all();
}

type DecidedIdea = { id: number; title: string; status: string; goalId: number; districtId: number; answer: string | null; at: number };
const decidedCache = new Map<string, { stamp: string; at: number; rows: DecidedIdea[] }>();
/** A kept list is used at most this long, whatever happens. */
const DECIDED_MAX_AGE_MS = 60_000;

/**
 * Ideas the city took up (accepted, in progress, implemented), with the latest official answer,
 * newest first; for a goal, those filed under it or linked to it. Finding them reads every such idea (tens of thousands in a big city), so the list is
 * kept in memory until an idea's history grows (every status change, answer, hiding or correction
 * adds a row to idea_events: the newest row's id is one read) or a link to the plan changes.
 */
export function decidedIdeas(filter: { goalId?: number; districtId?: number }, limit = 100, now = Date.now()): DecidedIdea[] {
  const key = `${filter.goalId ?? ""}:${filter.districtId ?? ""}:${limit}`;
  // Links to goals change the goal filter's list without an idea event: they are part of the stamp.
  const stamp = getDb().get<{ s: string }>(sql`select (select coalesce(max(id), 0) from idea_events) || ':' || (select coalesce(max(id), 0) || ':' || count(*) from plan_links) as s`)?.s ?? "";
  const kept = decidedCache.get(key);
  if (kept && kept.stamp === stamp && now - kept.at < DECIDED_MAX_AGE_MS) return kept.rows;
  const rows = findDecidedIdeas(filter, limit);
  if (decidedCache.size > 1000) decidedCache.clear();
  decidedCache.set(key, { stamp, at: now, rows });
  return rows;
}

function findDecidedIdeas(filter: { goalId?: number; districtId?: number }, limit: number): DecidedIdea[] {
  return getDb().all<{ id: number; title: string; status: string; goalId: number; districtId: number; answer: string | null; at: number }>(sql`
    select i.id, i.title, i.status, i.goal_id as goalId, i.district_id as districtId,
           (select e.answer from idea_events e where e.idea_id = i.id and e.answer is not null order by e.id desc limit 1) as answer,
           coalesce((select max(e.created_at) from idea_events e where e.idea_id = i.id and e.to_status = i.status), i.created_at) as at
    from ideas i
    where i.status in ('accepted', 'in_progress', 'implemented') and i.hidden = 0
      ${filter.goalId ? sql`and (i.goal_id = ${filter.goalId} or i.id in (select l.target_id from plan_links l where l.kind = 'idea' and l.goal_id = ${filter.goalId}))` : sql``}
      ${filter.districtId ? sql`and i.district_id = ${filter.districtId}` : sql``}
    order by at desc
    limit ${limit}`);
}

/** Goals that a round's options or a survey's questions are linked to, for filtering "you said, we did". */
export function goalsOfRoundsAndSurveys() {
  const db = getDb();
  const byRound = db.all<{ roundId: number; goalId: number }>(sql`
    select distinct o.round_id as roundId, coalesce(o.goal_id, l.goal_id) as goalId
    from round_options o left join plan_links l on l.kind = 'option' and l.target_id = o.id
    where coalesce(o.goal_id, l.goal_id) is not null`);
  const bySurvey = db.all<{ surveyId: number; goalId: number }>(sql`
    select distinct q.survey_id as surveyId, l.goal_id as goalId from plan_links l join survey_questions q on q.id = l.target_id where l.kind = 'question'`);
  return { byRound, bySurvey };
}
