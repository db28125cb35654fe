// Every query about surveys: the builder's changes, drafts, submitted responses, and the
// aggregates the results pages show (computed in SQL, never by loading responses).
import crypto from "node:crypto";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { surveyAnswers, surveyDrafts, surveyOptions, surveyQuestions, surveyRespondents, surveyResponses, surveys, surveySections, type Translated } from "#db/schema";
import type { AnswerRow, Condition, Question, QuestionSettings, QuestionType, Section } from "~/domain/surveys";
import { recordAudit } from "~/models/audit.server";
import { getDb } from "~/utils/db.server";

/** Bumped by every change to a survey in this process, so cached results know when to go. */
const versions = new Map<number, number>();
const touch = (surveyId: number) => versions.set(surveyId, (versions.get(surveyId) ?? 0) + 1);
export function surveyVersion(surveyId: number): number {
  return versions.get(surveyId) ?? 0;
}

export type SurveyColumns = {
  title: Translated;
  description: Translated;
  opensAt: Date;
  closesAt: Date;
  audience: "anyone" | "residents" | "verified";
  anonymous: boolean;
  onePerPerson: boolean;
  demographics: boolean;
  publicCrosstabs: boolean;
};

// Written out in full: drizzle renders ${surveys.id} inside a subquery as a bare "id".
const responseCount = sql<number>`(select count(*) from survey_responses r where r.survey_id = "surveys"."id")`;

export function createSurvey(values: SurveyColumns, actorId: number): number {
  return getDb().transaction((tx) => {
    const { id } = tx.insert(surveys).values(values).returning({ id: surveys.id }).get();
    tx.insert(surveySections).values({ surveyId: id, title: {}, position: 0 }).run();
    recordAudit({ actorId, action: "survey.created", targetType: "survey", targetId: id }, tx);
    return id;
  });
}

export function updateSurvey(id: number, values: SurveyColumns, actorId: number): void {
  touch(id);
  getDb().transaction((tx) => {
    tx.update(surveys).set(values).where(eq(surveys.id, id)).run();
    recordAudit({ actorId, action: "survey.updated", targetType: "survey", targetId: id }, tx);
  });
}

export function setSurveyPublished(id: number, published: boolean, actorId: number): void {
  touch(id);
  getDb().transaction((tx) => {
    tx.update(surveys).set({ published }).where(eq(surveys.id, id)).run();
    recordAudit({ actorId, action: published ? "survey.published" : "survey.unpublished", targetType: "survey", targetId: id }, tx);
  });
}

export function listSurveysForStaff() {
  return getDb()
    .select({ id: surveys.id, title: surveys.title, published: surveys.published, opensAt: surveys.opensAt, closesAt: surveys.closesAt, responses: responseCount })
    .from(surveys)
    .orderBy(desc(surveys.opensAt), desc(surveys.id))
    .all();
}

export function listPublishedSurveys(now = new Date()) {
  const all = getDb()
    .select({ id: surveys.id, title: surveys.title, description: surveys.description, published: surveys.published, opensAt: surveys.opensAt, closesAt: surveys.closesAt, audience: surveys.audience, responses: responseCount })
    .from(surveys)
    .where(eq(surveys.published, true))
    .orderBy(asc(surveys.closesAt))
    .all();
  return { current: all.filter((s) => s.closesAt > now), closed: all.filter((s) => s.closesAt <= now).reverse() };
}

/** A survey with its sections, questions and options, in order. */
export function getSurvey(id: number) {
  const db = getDb();
  const survey = db.select().from(surveys).where(eq(surveys.id, id)).get();
  if (!survey) return undefined;
  const sections = db.select().from(surveySections).where(eq(surveySections.surveyId, id)).orderBy(asc(surveySections.position), asc(surveySections.id)).all();
  const questions = db.select().from(surveyQuestions).where(eq(surveyQuestions.surveyId, id)).orderBy(asc(surveyQuestions.position), asc(surveyQuestions.id)).all();
  const options = questions.length
    ? db.select().from(surveyOptions).where(inArray(surveyOptions.questionId, questions.map((q) => q.id))).orderBy(asc(surveyOptions.position), asc(surveyOptions.id)).all()
    : [];
  const withOptions: Question[] = questions.map((q) => ({
    id: q.id,
    sectionId: q.sectionId,
    position: q.position,
    type: q.type,
    text: q.text,
    help: q.help,
    required: q.required,
    settings: q.settings,
    condition: q.condition ?? null,
    options: options.filter((o) => o.questionId === q.id).map((o) => ({ id: o.id, label: o.label, position: o.position })),
  }));
  const built: Section[] = sections.map((s) => ({ id: s.id, title: s.title, position: s.position, questions: withOptions.filter((q) => q.sectionId === s.id) }));
  return { ...survey, sections: built, questions: built.flatMap((s) => s.questions) };
}
export type Survey = NonNullable<ReturnType<typeof getSurvey>>;

export function responseTotal(surveyId: number): number {
  return getDb().select({ n: sql<number>`count(*)` }).from(surveyResponses).where(eq(surveyResponses.surveyId, surveyId)).get()?.n ?? 0;
}

// ─── The builder ──────────────────────────────────────────────────────────────────────────

export type QuestionColumns = {
  type: QuestionType;
  text: Translated;
  help: Translated;
  required: boolean;
  settings: QuestionSettings;
  condition: Condition | null;
  options: Translated[];
};

export type SurveyChangeRefusal = "notFound" | "hasAnswers" | "typeChange" | "optionHasAnswers" | "optionsReordered" | "badCondition";

export function questionHasAnswers(questionId: number): boolean {
  return answersFor(questionId) > 0;
}

function answersFor(questionId: number): number {
  return getDb().select({ n: sql<number>`count(*)` }).from(surveyAnswers).where(eq(surveyAnswers.questionId, questionId)).get()?.n ?? 0;
}

function otherAnswers(questionId: number): number {
  return getDb().select({ n: sql<number>`count(*)` }).from(surveyAnswers).where(and(eq(surveyAnswers.questionId, questionId), sql`${surveyAnswers.optionId} is null and ${surveyAnswers.rowId} is null and ${surveyAnswers.text} is not null`)).get()?.n ?? 0;
}

function optionsWithAnswers(optionIds: number[]): Set<number> {
  if (optionIds.length === 0) return new Set();
  const rows = getDb().all<{ id: number }>(
    sql`select distinct coalesce(option_id, row_id) as id from survey_answers where option_id in ${optionIds} or row_id in ${optionIds}`,
  );
  return new Set(rows.map((r) => r.id));
}

/** A condition may only name an earlier question of the same survey that has choices, and its own options. */
function conditionValid(survey: Survey, sectionId: number, condition: Condition | null): boolean {
  if (!condition) return true;
  const order = survey.questions;
  const target = order.find((q) => q.id === condition.questionId);
  if (!target || !["single", "multiple", "dropdown"].includes(target.type)) return false;
  if (!condition.optionIds.every((id) => target.options.some((o) => o.id === id))) return false;
  // Earlier: in an earlier section (answers of the current page are not known while it is filled in).
  const sectionOrder = survey.sections.map((s) => s.id);
  return sectionOrder.indexOf(target.sectionId) < sectionOrder.indexOf(sectionId);
}

export function addSection(surveyId: number, title: Translated, actorId: number): number {
  touch(surveyId);
  return getDb().transaction((tx) => {
    const position = tx.select({ n: sql<number>`coalesce(max(position), -1) + 1` }).from(surveySections).where(eq(surveySections.surveyId, surveyId)).get()?.n ?? 0;
    const { id } = tx.insert(surveySections).values({ surveyId, title, position }).returning({ id: surveySections.id }).get();
    recordAudit({ actorId, action: "survey.sectionAdded", targetType: "survey", targetId: surveyId, details: { sectionId: id } }, tx);
    return id;
  });
}

export function renameSection(surveyId: number, sectionId: number, title: Translated, actorId: number): boolean {
  touch(surveyId);
  return getDb().transaction((tx) => {
    const done = tx.update(surveySections).set({ title }).where(and(eq(surveySections.id, sectionId), eq(surveySections.surveyId, surveyId))).run().changes > 0;
    if (done) recordAudit({ actorId, action: "survey.sectionRenamed", targetType: "survey", targetId: surveyId, details: { sectionId } }, tx);
    return done;
  });
}

/** Deletes an empty section (questions must be moved or deleted first); a survey keeps one section. */
export function deleteSection(surveyId: number, sectionId: number, actorId: number): boolean {
  touch(surveyId);
  const survey = getSurvey(surveyId);
  const section = survey?.sections.find((s) => s.id === sectionId);
  if (!survey || !section || section.questions.length > 0 || survey.sections.length < 2) return false;
  getDb().transaction((tx) => {
    tx.delete(surveySections).where(eq(surveySections.id, sectionId)).run();
    recordAudit({ actorId, action: "survey.sectionDeleted", targetType: "survey", targetId: surveyId, details: { sectionId } }, tx);
  });
  return true;
}

export function addQuestion(surveyId: number, sectionId: number, values: QuestionColumns, actorId: number): { ok: true; id: number } | { ok: false; reason: SurveyChangeRefusal } {
  touch(surveyId);
  const survey = getSurvey(surveyId);
  if (!survey || !survey.sections.some((s) => s.id === sectionId)) return { ok: false, reason: "notFound" };
  if (!conditionValid(survey, sectionId, values.condition)) return { ok: false, reason: "badCondition" };
  const id = getDb().transaction((tx) => {
    const position = tx.select({ n: sql<number>`coalesce(max(position), -1) + 1` }).from(surveyQuestions).where(eq(surveyQuestions.sectionId, sectionId)).get()?.n ?? 0;
    const { options, ...columns } = values;
    const { id } = tx.insert(surveyQuestions).values({ ...columns, surveyId, sectionId, position }).returning({ id: surveyQuestions.id }).get();
    options.forEach((label, i) => tx.insert(surveyOptions).values({ questionId: id, label, position: i }).run());
    recordAudit({ actorId, action: "survey.questionAdded", targetType: "survey", targetId: surveyId, details: { questionId: id, type: values.type } }, tx);
    return id;
  });
  return { ok: true, id };
}

/**
 * Changes a question. Once it has answers its type cannot change and an option with answers
 * cannot go; wording can always be fixed, and every change is recorded with the old text.
 */
export function updateQuestion(surveyId: number, questionId: number, values: QuestionColumns, actorId: number): { ok: true } | { ok: false; reason: SurveyChangeRefusal } {
  touch(surveyId);
  const survey = getSurvey(surveyId);
  const question = survey?.questions.find((q) => q.id === questionId);
  if (!survey || !question) return { ok: false, reason: "notFound" };
  const answered = answersFor(questionId) > 0;
  if (answered && values.type !== question.type) return { ok: false, reason: "typeChange" };
  if (answered && (values.settings.scale ?? null) !== (question.settings.scale ?? null)) return { ok: false, reason: "typeChange" };
  const dropped = question.options.slice(values.options.length).map((o) => o.id);
  if (optionsWithAnswers(dropped).size > 0) return { ok: false, reason: "optionHasAnswers" };
  if (answered) {
    // Options are edited as lines, so line n is option n. With answers, a shorter list would move
    // answers to other options, and a line that now holds another option's old text is a reorder:
    // both would change what earlier answers mean. Only wording fixes and new lines at the end.
    if (values.options.length < question.options.length) return { ok: false, reason: "optionHasAnswers" };
    const moved = values.options.some((label, i) => question.options.some((o, j) => j !== i && o.label.ka && o.label.ka === label.ka));
    if (moved) return { ok: false, reason: "optionsReordered" };
    if (question.settings.other && !values.settings.other && otherAnswers(questionId) > 0) return { ok: false, reason: "optionHasAnswers" };
  }
  if (!conditionValid(survey, question.sectionId, values.condition)) return { ok: false, reason: "badCondition" };
  getDb().transaction((tx) => {
    const { options, ...columns } = values;
    tx.update(surveyQuestions).set(columns).where(eq(surveyQuestions.id, questionId)).run();
    options.forEach((label, i) => {
      const existing = question.options[i];
      if (existing) tx.update(surveyOptions).set({ label, position: i }).where(eq(surveyOptions.id, existing.id)).run();
      else tx.insert(surveyOptions).values({ questionId, label, position: i }).run();
    });
    if (dropped.length) tx.delete(surveyOptions).where(inArray(surveyOptions.id, dropped)).run();
    recordAudit(
      {
        actorId,
        action: answered ? "survey.questionReworded" : "survey.questionUpdated",
        targetType: "survey",
        targetId: surveyId,
        details: { questionId, before: { text: question.text, options: question.options.map((o) => o.label) } },
      },
      tx,
    );
  });
  return { ok: true };
}

export function deleteQuestion(surveyId: number, questionId: number, actorId: number): { ok: true } | { ok: false; reason: SurveyChangeRefusal } {
  touch(surveyId);
  const survey = getSurvey(surveyId);
  if (!survey?.questions.some((q) => q.id === questionId)) return { ok: false, reason: "notFound" };
  if (answersFor(questionId) > 0) return { ok: false, reason: "hasAnswers" };
  if (survey.questions.some((q) => q.condition?.questionId === questionId)) return { ok: false, reason: "badCondition" };
  getDb().transaction((tx) => {
    tx.delete(surveyQuestions).where(eq(surveyQuestions.id, questionId)).run();
    recordAudit({ actorId, action: "survey.questionDeleted", targetType: "survey", targetId: surveyId, details: { questionId } }, tx);
  });
  return { ok: true };
}

/** A copy right after the original, without its condition's dependants. */
export function duplicateQuestion(surveyId: number, questionId: number, actorId: number): number | null {
  touch(surveyId);
  const survey = getSurvey(surveyId);
  const q = survey?.questions.find((x) => x.id === questionId);
  if (!survey || !q) return null;
  return getDb().transaction((tx) => {
    tx.update(surveyQuestions).set({ position: sql`${surveyQuestions.position} + 1` }).where(and(eq(surveyQuestions.sectionId, q.sectionId), sql`${surveyQuestions.position} > ${q.position}`)).run();
    const { id } = tx
      .insert(surveyQuestions)
      .values({ surveyId, sectionId: q.sectionId, position: q.position + 1, type: q.type, text: q.text, help: q.help, required: q.required, settings: q.settings, condition: q.condition })
      .returning({ id: surveyQuestions.id })
      .get();
    q.options.forEach((o, i) => tx.insert(surveyOptions).values({ questionId: id, label: o.label, position: i }).run());
    recordAudit({ actorId, action: "survey.questionDuplicated", targetType: "survey", targetId: surveyId, details: { questionId, copy: id } }, tx);
    return id;
  });
}

/**
 * Moves a question up or down within its section, or across into the neighbouring section. A move
 * that would put a condition on the same page as (or before) the question it depends on is refused.
 */
export function moveQuestion(surveyId: number, questionId: number, direction: "up" | "down", actorId: number): boolean {
  touch(surveyId);
  const survey = getSurvey(surveyId);
  const q = survey?.questions.find((x) => x.id === questionId);
  if (!survey || !q) return false;
  if (!moveKeepsConditions(survey, q, direction)) return false;
  const sectionIndex = survey.sections.findIndex((s) => s.id === q.sectionId);
  const siblings = survey.sections[sectionIndex]!.questions.map((x) => x.id);
  const at = siblings.indexOf(questionId);
  const to = direction === "up" ? at - 1 : at + 1;
  return getDb().transaction((tx) => {
    if (to >= 0 && to < siblings.length) {
      [siblings[at], siblings[to]] = [siblings[to]!, siblings[at]!];
      siblings.forEach((id, position) => tx.update(surveyQuestions).set({ position }).where(eq(surveyQuestions.id, id)).run());
    } else {
      const next = survey.sections[sectionIndex + (direction === "up" ? -1 : 1)];
      if (!next) return false;
      const position = direction === "up" ? next.questions.length : -1;
      tx.update(surveyQuestions).set({ sectionId: next.id, position }).where(eq(surveyQuestions.id, questionId)).run();
      const order = direction === "up" ? [...next.questions.map((x) => x.id), questionId] : [questionId, ...next.questions.map((x) => x.id)];
      order.forEach((id, p) => tx.update(surveyQuestions).set({ position: p }).where(eq(surveyQuestions.id, id)).run());
    }
    recordAudit({ actorId, action: "survey.questionMoved", targetType: "survey", targetId: surveyId, details: { questionId, direction } }, tx);
    return true;
  });
}

/** Whether every condition still names a question on an earlier page after the move. */
function moveKeepsConditions(survey: Survey, q: Question, direction: "up" | "down"): boolean {
  const sectionIndex = survey.sections.findIndex((s) => s.id === q.sectionId);
  const siblings = survey.sections[sectionIndex]!.questions;
  const at = siblings.findIndex((x) => x.id === q.id);
  const within = direction === "up" ? at > 0 : at < siblings.length - 1;
  if (within) return true;
  const target = survey.sections[sectionIndex + (direction === "up" ? -1 : 1)];
  if (!target) return true;
  const pageOf = new Map(survey.questions.map((x) => [x.id, survey.sections.findIndex((s) => s.id === x.sectionId)]));
  pageOf.set(q.id, sectionIndex + (direction === "up" ? -1 : 1));
  return survey.questions.every((x) => !x.condition || (pageOf.get(x.condition.questionId) ?? -1) < (pageOf.get(x.id) ?? -1));
}

// ─── Answering ────────────────────────────────────────────────────────────────────────────

export function getDraft(surveyId: number, who: string): Record<string, unknown> | null {
  return getDb().select({ answers: surveyDrafts.answers }).from(surveyDrafts).where(and(eq(surveyDrafts.surveyId, surveyId), eq(surveyDrafts.who, who))).get()?.answers ?? null;
}

export function saveDraft(surveyId: number, who: string, answers: Record<string, unknown>, now = new Date()): void {
  getDb()
    .insert(surveyDrafts)
    .values({ surveyId, who, answers, updatedAt: now })
    .onConflictDoUpdate({ target: [surveyDrafts.surveyId, surveyDrafts.who], set: { answers, updatedAt: now } })
    .run();
}

export function hasResponded(surveyId: number, who: string): boolean {
  return Boolean(getDb().select({ who: surveyRespondents.who }).from(surveyRespondents).where(and(eq(surveyRespondents.surveyId, surveyId), eq(surveyRespondents.who, who))).get());
}

/** A random positive id that fits SQLite's integer and JavaScript's safe integers. */
function randomId(): number {
  return crypto.randomInt(1, 2 ** 47);
}

export type NewResponse = {
  surveyId: number;
  /** "u:<id>" or "b:<hash>", to stop a second response; null for paper. */
  who: string | null;
  onePerPerson: boolean;
  anonymous: boolean;
  userId: number | null;
  channel: "online" | "paper" | "import";
  enteredBy?: number | null;
  day: string;
  now?: Date;
  demographics?: { ageBand: string | null; gender: string | null; districtId: number | null };
  rows: AnswerRow[];
};

/**
 * Stores a submitted response in one transaction: the respondent mark (refused when one per
 * person and already there), the response and its answers, and the draft is deleted. In an
 * anonymous survey the response has a random id, no account and no time finer than the day.
 */
export function submitResponse(input: NewResponse): { ok: true; id: number } | { ok: false; reason: "already" } {
  touch(input.surveyId);
  const db = getDb();
  const st = statements(db.$client);
  // Prepared statements, not the query builder: imports store tens of thousands of responses at once.
  const run = db.$client.transaction((): { ok: true; id: number } | { ok: false; reason: "already" } => {
    if (input.who) {
      if (input.onePerPerson && st.mark.run(input.surveyId, input.who, input.day).changes === 0) return { ok: false, reason: "already" };
      st.dropDraft.run(input.surveyId, input.who);
    }
    const id = Number(
      st.response.get(
        input.anonymous ? randomId() : null,
        input.surveyId,
        input.anonymous ? null : input.userId,
        input.channel,
        input.enteredBy ?? null,
        input.day,
        input.anonymous ? null : (input.now ?? new Date()).getTime(),
        input.demographics?.ageBand ?? null,
        input.demographics?.gender ?? null,
        input.demographics?.districtId ?? null,
      ),
    );
    for (const r of input.rows) st.answer.run(id, r.questionId, r.optionId, r.rowId, r.num, r.text);
    return { ok: true, id };
  });
  return run();
}

type Client = ReturnType<typeof getDb>["$client"];
const prepared = new WeakMap<Client, ReturnType<typeof prepare>>();
function prepare(client: Client) {
  return {
    mark: client.prepare("insert into survey_respondents (survey_id, who, day) values (?, ?, ?) on conflict do nothing"),
    dropDraft: client.prepare("delete from survey_drafts where survey_id = ? and who = ?"),
    response: client
      .prepare("insert into survey_responses (id, survey_id, user_id, channel, entered_by, day, submitted_at, age_band, gender, district_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id")
      .pluck(),
    answer: client.prepare("insert into survey_answers (response_id, question_id, option_id, row_id, num, text) values (?, ?, ?, ?, ?, ?)"),
  };
}
function statements(client: Client) {
  let st = prepared.get(client);
  if (!st) prepared.set(client, (st = prepare(client)));
  return st;
}

// ─── Results, in SQL ──────────────────────────────────────────────────────────────────────

export type AnswerCount = { questionId: number; optionId: number | null; rowId: number | null; num: number | null; n: number };

/** Counts per question and option / row / point: choices, scales, rankings (num = rank) and matrices. */
export function answerCounts(questionIds: number[]): AnswerCount[] {
  if (questionIds.length === 0) return [];
  return getDb().all<AnswerCount>(sql`
    select question_id as questionId, option_id as optionId, row_id as rowId, num, count(*) as n
    from survey_answers
    where question_id in ${questionIds} and (option_id is not null or row_id is not null or num is not null)
    group by question_id, option_id, row_id, num`);
}

/** How many responses answered each question (the base for percentages). */
export function answeredCounts(questionIds: number[]): Map<number, number> {
  if (questionIds.length === 0) return new Map();
  const rows = getDb().all<{ questionId: number; n: number }>(sql`
    select question_id as questionId, count(distinct response_id) as n from survey_answers where question_id in ${questionIds} group by question_id`);
  return new Map(rows.map((r) => [r.questionId, r.n]));
}

/** Mean, smallest and largest number per number question, and "Other" texts counted per question. */
export function numberStats(questionIds: number[]) {
  if (questionIds.length === 0) return [];
  return getDb().all<{ questionId: number; n: number; mean: number | null; min: number | null; max: number | null }>(sql`
    select question_id as questionId, count(num) as n, avg(num) as mean, min(num) as min, max(num) as max
    from survey_answers where question_id in ${questionIds} and num is not null group by question_id`);
}

export type Breakdown = "district" | "ageBand" | "gender";
const BREAKDOWN_COLUMN = { district: sql.raw("r.district_id"), ageBand: sql.raw("r.age_band"), gender: sql.raw("r.gender") } as const;

/** Counts of a choice question's options by a respondent attribute (null: not given). */
export function crossCounts(questionId: number, by: Breakdown) {
  return getDb().all<{ optionId: number | null; group: string | number | null; n: number }>(sql`
    select a.option_id as optionId, ${BREAKDOWN_COLUMN[by]} as "group", count(*) as n
    from survey_answers a join survey_responses r on r.id = a.response_id
    where a.question_id = ${questionId} and a.option_id is not null
    group by a.option_id, ${BREAKDOWN_COLUMN[by]}`);
}

/** Free-text answers of a question, newest first for staff; only published ones for the public. */
export function textAnswers(questionId: number, opts: { publishedOnly: boolean; limit?: number }) {
  return getDb()
    .select({ id: surveyAnswers.id, text: surveyAnswers.text, published: surveyAnswers.published })
    .from(surveyAnswers)
    .where(and(eq(surveyAnswers.questionId, questionId), sql`${surveyAnswers.text} is not null`, sql`${surveyAnswers.optionId} is null`, opts.publishedOnly ? eq(surveyAnswers.published, true) : sql`1`))
    .orderBy(desc(surveyAnswers.id))
    .limit(opts.limit ?? 200)
    .all();
}

export function setTextPublished(surveyId: number, answerId: number, published: boolean, actorId: number): boolean {
  touch(surveyId);
  return getDb().transaction((tx) => {
    const done = tx
      .update(surveyAnswers)
      .set({ published })
      .where(and(eq(surveyAnswers.id, answerId), sql`${surveyAnswers.questionId} in (select id from survey_questions where survey_id = ${surveyId})`))
      .run().changes > 0;
    if (done) recordAudit({ actorId, action: published ? "survey.textPublished" : "survey.textUnpublished", targetType: "survey", targetId: surveyId, details: { answerId } }, tx);
    return done;
  });
}

/** Every response with its answers, in id order, a batch at a time: for exports that stream. */
export function* responseBatches(surveyId: number, size = 2000) {
  const client = getDb().$client;
  const responses = client.prepare("select id, channel, day, submitted_at as submittedAt, age_band as ageBand, gender, district_id as districtId from survey_responses where survey_id = ? and id > ? order by id limit ?");
  const answers = client.prepare("select response_id as responseId, question_id as questionId, option_id as optionId, row_id as rowId, num, text from survey_answers where response_id in (select value from json_each(?)) order by id");
  let after = 0;
  for (;;) {
    const batch = responses.all(surveyId, after, size) as Array<{ id: number; channel: string; day: string; submittedAt: number | null; ageBand: string | null; gender: string | null; districtId: number | null }>;
    if (batch.length === 0) return;
    const rows = answers.all(JSON.stringify(batch.map((r) => r.id))) as Array<AnswerRow & { responseId: number }>;
    const byResponse = new Map<number, AnswerRow[]>();
    for (const r of rows) {
      const list = byResponse.get(r.responseId) ?? [];
      list.push(r);
      byResponse.set(r.responseId, list);
    }
    yield batch.map((r) => ({ ...r, answers: byResponse.get(r.id) ?? [] }));
    after = batch[batch.length - 1]!.id;
  }
}

/** Date answers counted by month (YYYY-MM). */
export function dateCounts(questionIds: number[]) {
  if (questionIds.length === 0) return [];
  return getDb().all<{ questionId: number; month: string; n: number }>(sql`
    select question_id as questionId, substr(text, 1, 7) as month, count(*) as n
    from survey_answers where question_id in ${questionIds} and text is not null and option_id is null
    group by question_id, substr(text, 1, 7) order by month`);
}

/** "Other, please say" answers counted per question. */
export function otherCounts(questionIds: number[]): Map<number, number> {
  if (questionIds.length === 0) return new Map();
  const rows = getDb().all<{ questionId: number; n: number }>(sql`
    select a.question_id as questionId, count(*) as n from survey_answers a join survey_questions q on q.id = a.question_id
    where a.question_id in ${questionIds} and a.option_id is null and a.row_id is null and a.text is not null and q.type in ('single', 'multiple')
    group by a.question_id`);
  return new Map(rows.map((r) => [r.questionId, r.n]));
}
