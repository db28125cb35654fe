// Every query about ideas, supports, comments and reports.
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { comments, districts, goals, ideaEvents, ideas, photos, reports, supports, users } from "#db/schema";
import {
  canMerge,
  canMove,
  isOpenToResidents,
  searchTerms,
  type IdeaStatus,
  type RejectReason,
  type ReportReason,
} from "~/domain/ideas";
import type { ListQuery } from "~/domain/ideas-forms.server";
import { recordAudit } from "~/models/audit.server";
import { getDb } from "~/utils/db.server";

export const PAGE_SIZE = 20;

export type NewPhoto = { data: Buffer; thumbnail: Buffer; width: number; height: number; contentType: string };

export function createIdea(input: {
  authorId: number;
  title: string;
  description: string;
  goalId: number;
  districtId: number;
  photo?: NewPhoto;
  moderation: "pre" | "post";
  now?: number;
}): number {
  const now = new Date(input.now ?? Date.now());
  const status: IdeaStatus = input.moderation === "post" ? "published" : "submitted";
  return getDb().transaction((tx) => {
    const photoId = input.photo ? tx.insert(photos).values(input.photo).returning({ id: photos.id }).get().id : null;
    const { id } = tx
      .insert(ideas)
      .values({
        authorId: input.authorId,
        title: input.title,
        description: input.description,
        goalId: input.goalId,
        districtId: input.districtId,
        photoId,
        status,
        publishedAt: status === "published" ? now : null,
      })
      .returning({ id: ideas.id })
      .get();
    tx.insert(ideaEvents).values({ ideaId: id, actorId: input.authorId, kind: "status", toStatus: status }).run();
    return id;
  });
}

const ideaColumns = {
  id: ideas.id,
  title: ideas.title,
  description: ideas.description,
  status: ideas.status,
  hidden: ideas.hidden,
  hiddenReason: ideas.hiddenReason,
  rejectReason: ideas.rejectReason,
  duplicateOf: ideas.duplicateOf,
  photoId: ideas.photoId,
  supportsCount: ideas.supportsCount,
  commentsCount: ideas.commentsCount,
  reportsCount: ideas.reportsCount,
  createdAt: ideas.createdAt,
  publishedAt: ideas.publishedAt,
  authorId: ideas.authorId,
  authorName: users.displayName,
  goalId: ideas.goalId,
  goalTitle: goals.title,
  districtId: ideas.districtId,
  districtName: districts.name,
};

export function getIdea(id: number) {
  return getDb()
    .select(ideaColumns)
    .from(ideas)
    .leftJoin(users, eq(users.id, ideas.authorId))
    .innerJoin(goals, eq(goals.id, ideas.goalId))
    .innerJoin(districts, eq(districts.id, ideas.districtId))
    .where(eq(ideas.id, id))
    .get();
}
export type Idea = NonNullable<ReturnType<typeof getIdea>>;

function listFilter(query: Pick<ListQuery, "district" | "goal" | "status">): SQL[] {
  // `listed` is a generated column (visible and in a listed status): the list indexes start with it.
  const where: SQL[] = [eq(ideas.listed, true)];
  if (query.status) where.push(eq(ideas.status, query.status));
  if (query.district) where.push(eq(ideas.districtId, query.district));
  if (query.goal) where.push(eq(ideas.goalId, query.goal));
  return where;
}

/** Published ideas for the public list: filtered, searched, sorted and paged in SQL. */
export function listIdeas(query: ListQuery, pageSize = PAGE_SIZE) {
  const db = getDb();
  const where = listFilter(query);
  const terms = query.q ? searchTerms(query.q) : [];
  if (query.q && terms.length === 0) return { items: [], total: 0 };
  if (terms.length) {
    where.push(sql`${ideas.id} in (select rowid from ideas_fts where ideas_fts match ${terms.join(" AND ")})`);
  }
  const order =
    query.sort === "supported"
      ? [desc(ideas.supportsCount), desc(ideas.id)]
      : query.sort === "discussed"
        ? [desc(ideas.commentsCount), desc(ideas.id)]
        : [desc(ideas.publishedAt), desc(ideas.id)];
  const items = db
    .select({
      id: ideas.id,
      title: ideas.title,
      excerpt: sql<string>`substr(${ideas.description}, 1, 240)`,
      status: ideas.status,
      supportsCount: ideas.supportsCount,
      commentsCount: ideas.commentsCount,
      publishedAt: ideas.publishedAt,
      photoId: ideas.photoId,
      goalId: ideas.goalId,
      districtId: ideas.districtId,
    })
    .from(ideas)
    .where(and(...where))
    .orderBy(...order)
    .limit(pageSize)
    .offset((query.page - 1) * pageSize)
    .all();
  const total = countListed(where, query);
  return { items, total };
}

/**
 * How many listed ideas match `where` (which starts with listed = 1), counted through the narrowest
 * list index. Left to itself SQLite reads the whole table for this count (almost every idea is
 * listed, so the index looks no better than the table to the planner): 70 ms at 100,000 ideas
 * against 3 ms through the index.
 */
export function countListed(where: SQL[], filter: { district?: number | null; goal?: number | null }): number {
  const index = filter.district ? "ideas_listed_district_new_idx" : filter.goal ? "ideas_listed_goal_new_idx" : "ideas_listed_new_idx";
  return getDb().get<{ n: number }>(sql`select count(*) as n from ${ideas} indexed by ${sql.raw(index)} where ${and(...where)}`)?.n ?? 0;
}

/** Published ideas that look like this text: shown while writing, so residents can support instead. */
export function similarIdeas(text: string, { limit = 5, excludeId }: { limit?: number; excludeId?: number } = {}) {
  const terms = searchTerms(text);
  if (terms.length === 0) return [];
  return getDb().all<{ id: number; title: string; supportsCount: number; status: IdeaStatus }>(sql`
    select i.id, i.title, i.supports_count as supportsCount, i.status
    from ideas_fts f join ideas i on i.id = f.rowid
    where ideas_fts match ${terms.join(" OR ")}
      and i.listed = 1 and i.id != ${excludeId ?? 0}
    order by bm25(ideas_fts, 3.0, 1.0)
    limit ${limit}`);
}

/** The public history: every status change with its official answer. */
export function listStatusHistory(ideaId: number) {
  return getDb()
    .select({ id: ideaEvents.id, kind: ideaEvents.kind, toStatus: ideaEvents.toStatus, answer: ideaEvents.answer, reasonCode: ideaEvents.reasonCode, previous: ideaEvents.previous, at: ideaEvents.at })
    .from(ideaEvents)
    .where(and(eq(ideaEvents.ideaId, ideaId), inArray(ideaEvents.kind, ["status", "merged", "corrected"])))
    .orderBy(asc(ideaEvents.at), asc(ideaEvents.id))
    .all();
}

/** The latest note a moderator left for the author (changes asked for, or why it was rejected). */
export function lastNoteToAuthor(ideaId: number) {
  return getDb()
    .select({ note: ideaEvents.note, toStatus: ideaEvents.toStatus, reasonCode: ideaEvents.reasonCode })
    .from(ideaEvents)
    .where(and(eq(ideaEvents.ideaId, ideaId), sql`${ideaEvents.note} is not null`))
    .orderBy(desc(ideaEvents.id))
    .get();
}

export function getPhoto(id: number, size: "full" | "thumbnail") {
  return getDb()
    .select({ contentType: photos.contentType, data: size === "full" ? photos.data : photos.thumbnail })
    .from(photos)
    .where(eq(photos.id, id))
    .get();
}

// ─── Supports ────────────────────────────────────────────────────────────────────────────

/** Supports an idea; a second support by the same person changes nothing (primary key). */
export function support(ideaId: number, userId: number): boolean {
  return getDb().run(sql`insert or ignore into supports (idea_id, user_id) values (${ideaId}, ${userId})`).changes === 1;
}

export function withdrawSupport(ideaId: number, userId: number): boolean {
  return getDb().delete(supports).where(and(eq(supports.ideaId, ideaId), eq(supports.userId, userId))).run().changes === 1;
}

export function hasSupported(ideaId: number, userId: number): boolean {
  return Boolean(getDb().select({ one: sql`1` }).from(supports).where(and(eq(supports.ideaId, ideaId), eq(supports.userId, userId))).get());
}

export function supporterIds(ideaId: number): number[] {
  return getDb().select({ id: supports.userId }).from(supports).where(eq(supports.ideaId, ideaId)).all().map((r) => r.id);
}

// ─── Comments ────────────────────────────────────────────────────────────────────────────

/**
 * An idea's comments, oldest first. With `latest`, only the newest `latest` top-level comments
 * (and their replies): a popular idea's page stays light on a phone.
 */
export function listComments(ideaId: number, { latest }: { latest?: number } = {}) {
  const db = getDb();
  const top = latest
    ? db
        .select({ id: comments.id })
        .from(comments)
        .where(and(eq(comments.ideaId, ideaId), sql`${comments.parentId} is null`))
        .orderBy(desc(comments.id))
        .limit(latest)
        .all()
        .map((c) => c.id)
    : null;
  return db
    .select({
      id: comments.id,
      parentId: comments.parentId,
      body: comments.body,
      hidden: comments.hidden,
      hiddenReason: comments.hiddenReason,
      createdAt: comments.createdAt,
      authorName: users.displayName,
    })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(
      top
        ? and(eq(comments.ideaId, ideaId), sql`coalesce(${comments.parentId}, ${comments.id}) in ${top.length ? top : [0]}`)
        : eq(comments.ideaId, ideaId),
    )
    .orderBy(asc(comments.id))
    .all();
}

export function countTopLevelComments(ideaId: number): number {
  return getDb().select({ n: sql<number>`count(*)` }).from(comments).where(and(eq(comments.ideaId, ideaId), sql`${comments.parentId} is null`)).get()?.n ?? 0;
}

/** Adds a comment. A reply to a reply is attached to the first comment: one level of replies. */
export function addComment(input: { ideaId: number; authorId: number; body: string; parentId?: number }): number | null {
  const db = getDb();
  return db.transaction((tx) => {
    let parentId: number | null = null;
    if (input.parentId) {
      const parent = tx
        .select({ id: comments.id, parentId: comments.parentId, ideaId: comments.ideaId })
        .from(comments)
        .where(eq(comments.id, input.parentId))
        .get();
      if (!parent || parent.ideaId !== input.ideaId) return null;
      parentId = parent.parentId ?? parent.id;
    }
    return tx
      .insert(comments)
      .values({ ideaId: input.ideaId, authorId: input.authorId, body: input.body, parentId })
      .returning({ id: comments.id })
      .get().id;
  });
}

export function getComment(id: number) {
  return getDb().select({ id: comments.id, ideaId: comments.ideaId, hidden: comments.hidden }).from(comments).where(eq(comments.id, id)).get();
}

// ─── Reports ─────────────────────────────────────────────────────────────────────────────

/**
 * Records a report (once per person and item). When reports from `threshold` different people
 * have come in, the item is hidden until a moderator decides.
 */
export function report(input: { targetType: "idea" | "comment"; targetId: number; reporterId: number; reason: ReportReason; threshold: number }): { counted: boolean; hidden: boolean } {
  return getDb().transaction((tx) => {
    const counted =
      tx.run(sql`insert or ignore into reports (target_type, target_id, reporter_id, reason)
                 values (${input.targetType}, ${input.targetId}, ${input.reporterId}, ${input.reason})`).changes === 1;
    const table = input.targetType === "idea" ? ideas : comments;
    const open = tx
      .select({ n: sql<number>`count(*)` })
      .from(reports)
      .where(and(eq(reports.targetType, input.targetType), eq(reports.targetId, input.targetId), sql`${reports.resolvedAt} is null`))
      .get()?.n ?? 0;
    if (open >= input.threshold) {
      const hidden = tx.update(table).set({ hidden: true, hiddenReason: "reported" }).where(and(eq(table.id, input.targetId), eq(table.hidden, false))).run().changes;
      return { counted, hidden: hidden === 1 };
    }
    return { counted, hidden: false };
  });
}

// ─── Moderation ──────────────────────────────────────────────────────────────────────────

export type ModerationResult = { ok: true; authorId: number | null; title: string } | { ok: false; reason: "notFound" | "notAllowed" };

/** Moves an idea along its lifecycle, with the official answer, in one transaction with the audit. */
export function changeStatus(input: { ideaId: number; actorId: number; to: IdeaStatus; answer?: string; note?: string; reason?: RejectReason; now?: number }): ModerationResult {
  const now = new Date(input.now ?? Date.now());
  return getDb().transaction((tx) => {
    const idea = tx.select({ status: ideas.status, authorId: ideas.authorId, title: ideas.title, publishedAt: ideas.publishedAt }).from(ideas).where(eq(ideas.id, input.ideaId)).get();
    if (!idea) return { ok: false, reason: "notFound" } as const;
    if (!canMove(idea.status, input.to)) return { ok: false, reason: "notAllowed" } as const;
    tx.update(ideas)
      .set({
        status: input.to,
        updatedAt: now,
        rejectReason: input.to === "rejected" ? (input.reason ?? "other") : null,
        publishedAt: input.to === "published" && !idea.publishedAt ? now : idea.publishedAt,
      })
      .where(eq(ideas.id, input.ideaId))
      .run();
    tx.insert(ideaEvents)
      .values({ ideaId: input.ideaId, actorId: input.actorId, kind: "status", fromStatus: idea.status, toStatus: input.to, answer: input.answer ?? null, note: input.note ?? null, reasonCode: input.reason ?? null, at: now })
      .run();
    recordAudit({ actorId: input.actorId, action: `idea.${input.to}`, targetType: "idea", targetId: input.ideaId, details: { from: idea.status, reason: input.reason ?? null } }, tx);
    return { ok: true, authorId: idea.authorId, title: idea.title } as const;
  });
}

export function setIdeaHidden(input: { ideaId: number; actorId: number; hidden: boolean; reason?: string }): boolean {
  return getDb().transaction((tx) => {
    const changed = tx.update(ideas).set({ hidden: input.hidden, hiddenReason: input.hidden ? (input.reason ?? "other") : null }).where(eq(ideas.id, input.ideaId)).run().changes === 1;
    if (!changed) return false;
    tx.update(reports).set({ resolvedAt: new Date() }).where(and(eq(reports.targetType, "idea"), eq(reports.targetId, input.ideaId), sql`${reports.resolvedAt} is null`)).run();
    tx.insert(ideaEvents).values({ ideaId: input.ideaId, actorId: input.actorId, kind: input.hidden ? "hidden" : "shown", reasonCode: input.reason ?? null }).run();
    recordAudit({ actorId: input.actorId, action: input.hidden ? "idea.hide" : "idea.show", targetType: "idea", targetId: input.ideaId, details: { reason: input.reason ?? null } }, tx);
    return true;
  });
}

export function setCommentHidden(input: { commentId: number; actorId: number; hidden: boolean; reason?: string }): boolean {
  return getDb().transaction((tx) => {
    const changed = tx.update(comments).set({ hidden: input.hidden, hiddenReason: input.hidden ? (input.reason ?? "other") : null }).where(eq(comments.id, input.commentId)).run().changes === 1;
    if (!changed) return false;
    tx.update(reports).set({ resolvedAt: new Date() }).where(and(eq(reports.targetType, "comment"), eq(reports.targetId, input.commentId), sql`${reports.resolvedAt} is null`)).run();
    recordAudit({ actorId: input.actorId, action: input.hidden ? "comment.hide" : "comment.show", targetType: "comment", targetId: input.commentId, details: { reason: input.reason ?? null } }, tx);
    return true;
  });
}

/**
 * Merges a duplicate into the surviving idea: its supporters move over (each counted once),
 * its comments stay on its own page, which points to the survivor.
 * Returns everyone to tell: both authors and the duplicate's supporters.
 */
export function mergeIdeas(input: { duplicateId: number; survivorId: number; actorId: number; answer?: string }):
  | { ok: true; audience: number[]; moved: number }
  | { ok: false; reason: "notFound" | "notAllowed" } {
  if (input.duplicateId === input.survivorId) return { ok: false, reason: "notAllowed" };
  return getDb().transaction((tx) => {
    const pick = (id: number) => tx.select({ status: ideas.status, authorId: ideas.authorId, hidden: ideas.hidden }).from(ideas).where(eq(ideas.id, id)).get();
    const duplicate = pick(input.duplicateId);
    const survivor = pick(input.survivorId);
    if (!duplicate || !survivor) return { ok: false, reason: "notFound" } as const;
    if (!canMerge(duplicate.status) || !isOpenToResidents(survivor)) {
      return { ok: false, reason: "notAllowed" } as const;
    }
    const supporters = tx.select({ id: supports.userId }).from(supports).where(eq(supports.ideaId, input.duplicateId)).all().map((r) => r.id);
    const moved = tx.run(sql`insert or ignore into supports (idea_id, user_id, created_at)
      select ${input.survivorId}, user_id, created_at from supports where idea_id = ${input.duplicateId}`).changes;
    tx.delete(supports).where(eq(supports.ideaId, input.duplicateId)).run();
    tx.update(ideas).set({ status: "merged", duplicateOf: input.survivorId, updatedAt: new Date() }).where(eq(ideas.id, input.duplicateId)).run();
    tx.insert(ideaEvents).values({ ideaId: input.duplicateId, actorId: input.actorId, kind: "merged", fromStatus: duplicate.status, toStatus: "merged", answer: input.answer ?? null, reasonCode: String(input.survivorId) }).run();
    recordAudit({ actorId: input.actorId, action: "idea.merge", targetType: "idea", targetId: input.duplicateId, details: { into: input.survivorId, supportsMoved: moved } }, tx);
    const people = new Set(supporters);
    for (const a of [duplicate.authorId, survivor.authorId]) if (a !== null) people.add(a);
    people.delete(input.actorId);
    return { ok: true, audience: [...people], moved } as const;
  });
}

/** The moderation queue: ideas waiting for a decision (optionally of one district or goal), and reported items. */
export function moderationQueue(filter: { district?: number; goal?: number } = {}) {
  const db = getDb();
  const where: SQL[] = [eq(ideas.status, "submitted")];
  if (filter.district) where.push(eq(ideas.districtId, filter.district));
  if (filter.goal) where.push(eq(ideas.goalId, filter.goal));
  const waiting = db
    .select({ id: ideas.id, title: ideas.title, status: ideas.status, createdAt: ideas.createdAt, reportsCount: ideas.reportsCount, hidden: ideas.hidden, authorName: users.displayName })
    .from(ideas)
    .leftJoin(users, eq(users.id, ideas.authorId))
    .where(and(...where))
    .orderBy(asc(ideas.createdAt))
    .limit(200)
    .all();
  const reported = db.all<{ targetType: "idea" | "comment"; targetId: number; count: number; reasons: string; ideaId: number; text: string; hidden: number }>(sql`
    select r.target_type as targetType, r.target_id as targetId, count(*) as count, group_concat(distinct r.reason) as reasons,
           coalesce(c.idea_id, i.id) as ideaId, coalesce(c.body, i.title) as text, coalesce(c.hidden, i.hidden) as hidden
    from reports r
    left join ideas i on r.target_type = 'idea' and i.id = r.target_id
    left join comments c on r.target_type = 'comment' and c.id = r.target_id
    where r.resolved_at is null
    group by r.target_type, r.target_id
    order by count(*) desc, min(r.id)
    limit 200`);
  return { waiting, reported };
}

/** Approves several submitted ideas at once; returns the ones that moved. */
export function approveMany(ideaIds: number[], actorId: number) {
  return ideaIds.map((ideaId) => ({ ideaId, result: changeStatus({ ideaId, actorId, to: "published" }) })).filter((r) => r.result.ok);
}

export function ideasByAuthor(authorId: number) {
  return getDb()
    .select({ id: ideas.id, title: ideas.title, status: ideas.status, hidden: ideas.hidden, supportsCount: ideas.supportsCount, commentsCount: ideas.commentsCount, createdAt: ideas.createdAt })
    .from(ideas)
    .where(eq(ideas.authorId, authorId))
    .orderBy(desc(ideas.id))
    .all();
}

/**
 * A correction by staff (a phone number in the text, a typo in the title). The resident's words
 * are never changed silently: the previous text is kept in the history and shown as corrected.
 */
export function correctIdea(input: { ideaId: number; actorId: number; title: string; description: string; reason: string }): boolean {
  return getDb().transaction((tx) => {
    const before = tx.select({ title: ideas.title, description: ideas.description }).from(ideas).where(eq(ideas.id, input.ideaId)).get();
    if (!before) return false;
    if (before.title === input.title && before.description === input.description) return true;
    tx.update(ideas).set({ title: input.title, description: input.description, updatedAt: new Date() }).where(eq(ideas.id, input.ideaId)).run();
    tx.insert(ideaEvents).values({ ideaId: input.ideaId, actorId: input.actorId, kind: "corrected", answer: input.reason, previous: before }).run();
    recordAudit({ actorId: input.actorId, action: "idea.correct", targetType: "idea", targetId: input.ideaId, details: { reason: input.reason } }, tx);
    return true;
  });
}

/** The author's edit after a moderator asked for changes: the idea goes back to the queue. */
export function resubmitIdea(input: { ideaId: number; authorId: number; title: string; description: string; goalId: number; districtId: number }): boolean {
  return getDb().transaction((tx) => {
    const idea = tx.select({ status: ideas.status, authorId: ideas.authorId }).from(ideas).where(eq(ideas.id, input.ideaId)).get();
    if (!idea || idea.authorId !== input.authorId || idea.status !== "changes_requested") return false;
    tx.update(ideas)
      .set({ title: input.title, description: input.description, goalId: input.goalId, districtId: input.districtId, status: "submitted", updatedAt: new Date() })
      .where(eq(ideas.id, input.ideaId))
      .run();
    tx.insert(ideaEvents).values({ ideaId: input.ideaId, actorId: input.authorId, kind: "status", fromStatus: "changes_requested", toStatus: "submitted" }).run();
    return true;
  });
}
