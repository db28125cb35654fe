// Ideas in the database: what is listed and found, how counters follow their rows, how reports hide,
// how the lifecycle and merges are written, and that the audit log cannot be rewritten.
import { count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, comments, ideaEvents, ideas, reports, supports, users } from "#db/schema";
import { listQuerySchema, type ListQuery } from "~/domain/ideas-forms.server";
import {
  addComment,
  changeStatus,
  createIdea,
  getIdea,
  listComments,
  listIdeas,
  mergeIdeas,
  PAGE_SIZE,
  report,
  setCommentHidden,
  setIdeaHidden,
  similarIdeas,
  support,
  supporterIds,
  withdrawSupport,
} from "./ideas.server";
import { listDistricts, listGoals } from "./municipality.server";
import { createUser } from "./users.server";
import { getDb } from "~/utils/db.server";

let goalIds: number[] = [];
let districtIds: number[] = [];
let moderatorId = 0;
let ninoId = 0;
let irinaId = 0;
const residents: number[] = [];

function userIdByEmail(email: string): number {
  const row = getDb().select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  if (!row) throw new Error(`no demo account ${email}`);
  return row.id;
}

let userCounter = 0;
function newResident(locale = "ka"): number {
  userCounter += 1;
  const user = createUser({
    displayName: `Resident ${userCounter}`,
    identifier: { kind: "email", value: `resident${userCounter}@models.test` },
    passwordHash: "not-a-real-hash",
    locale,
  });
  if (!user) throw new Error("could not create a resident");
  return user.id;
}

beforeAll(() => {
  goalIds = listGoals().map((g) => g.id);
  districtIds = listDistricts().map((d) => d.id);
  moderatorId = userIdByEmail("moderator@khma.test");
  ninoId = userIdByEmail("nino@khma.test");
  irinaId = userIdByEmail("irina@khma.test");
  for (let i = 0; i < 20; i++) residents.push(newResident());
  expect(goalIds.length).toBeGreaterThanOrEqual(2);
  expect(districtIds.length).toBeGreaterThanOrEqual(2);
});

let clock = Date.parse("2025-01-01T00:00:00Z");
/** A published idea (post-moderation), each one a minute newer than the last. */
function published(title: string, extra: Partial<Parameters<typeof createIdea>[0]> = {}): number {
  clock += 60_000;
  return createIdea({
    authorId: ninoId,
    title,
    description: `${title}: a description long enough to pass the rules.`,
    goalId: goalIds[0]!,
    districtId: districtIds[0]!,
    moderation: "post",
    now: clock,
    ...extra,
  });
}

function submitted(title: string, authorId = ninoId): number {
  return createIdea({ authorId, title, description: `${title}: waiting for a moderator.`, goalId: goalIds[0]!, districtId: districtIds[0]!, moderation: "pre" });
}

function query(q: Partial<ListQuery>): ListQuery {
  return { ...listQuerySchema.parse({}), ...q };
}

function ids(q: Partial<ListQuery>): number[] {
  return listIdeas(query(q)).items.map((i) => i.id);
}

function counts(ideaId: number) {
  const db = getDb();
  const idea = db.select({ supports: ideas.supportsCount, comments: ideas.commentsCount }).from(ideas).where(eq(ideas.id, ideaId)).get();
  return {
    supportsCounter: idea?.supports,
    supportsRows: db.select({ n: count() }).from(supports).where(eq(supports.ideaId, ideaId)).get()?.n,
    commentsCounter: idea?.comments,
    visibleComments: db.select({ n: count() }).from(comments).where(sql`${comments.ideaId} = ${ideaId} and ${comments.hidden} = 0`).get()?.n,
  };
}

function rowCount(table: typeof auditLog | typeof ideaEvents | typeof ideas | typeof reports) {
  return getDb().select({ n: count() }).from(table).get()?.n ?? 0;
}

describe("createIdea", () => {
  it("with pre-moderation: waits as submitted and is not listed", () => {
    const id = createIdea({ authorId: ninoId, title: "Preqwerty bench", description: "A bench near the bus stop, please.", goalId: goalIds[0]!, districtId: districtIds[0]!, moderation: "pre" });
    const idea = getIdea(id);
    expect(idea?.status).toBe("submitted");
    expect(idea?.publishedAt).toBeNull();
    expect(ids({ q: "Preqwerty" })).toEqual([]);
    expect(ids({})).not.toContain(id);
    const events = getDb().select().from(ideaEvents).where(eq(ideaEvents.ideaId, id)).all();
    expect(events).toMatchObject([{ kind: "status", toStatus: "submitted", actorId: ninoId }]);
  });

  it("with post-moderation: is published at once and listed", () => {
    const id = createIdea({ authorId: ninoId, title: "Postqwerty bench", description: "A bench near the bus stop, please.", goalId: goalIds[0]!, districtId: districtIds[0]!, moderation: "post" });
    const idea = getIdea(id);
    expect(idea?.status).toBe("published");
    expect(idea?.publishedAt).toBeInstanceOf(Date);
    expect(ids({ q: "Postqwerty" })).toEqual([id]);
    expect(ids({})).toContain(id);
  });
});

describe("listIdeas", () => {
  // Every idea in this block carries the marker word, so that the search isolates them from the rest.
  const M = "Filtermark";
  let a = 0, b = 0, c = 0, d = 0;

  beforeAll(() => {
    a = published(`${M} alpha`, { goalId: goalIds[0]!, districtId: districtIds[0]! });
    b = published(`${M} bravo`, { goalId: goalIds[1]!, districtId: districtIds[0]! });
    c = published(`${M} charlie`, { goalId: goalIds[0]!, districtId: districtIds[1]! });
    d = published(`${M} delta`, { goalId: goalIds[1]!, districtId: districtIds[1]! });
    for (const u of residents.slice(0, 3)) support(c, u);
    for (const u of residents.slice(0, 1)) support(a, u);
    for (let i = 0; i < 2; i++) addComment({ ideaId: b, authorId: irinaId, body: `comment ${i}` });
    addComment({ ideaId: d, authorId: irinaId, body: "one comment" });
    changeStatus({ ideaId: d, actorId: moderatorId, to: "accepted", answer: "Yes." });
  });

  it("filters by district", () => {
    expect(ids({ q: M, district: districtIds[0] }).sort()).toEqual([a, b].sort());
    expect(ids({ q: M, district: districtIds[1] }).sort()).toEqual([c, d].sort());
  });

  it("filters by goal", () => {
    expect(ids({ q: M, goal: goalIds[0] }).sort()).toEqual([a, c].sort());
    expect(ids({ q: M, goal: goalIds[1], district: districtIds[1] })).toEqual([d]);
  });

  it("filters by status", () => {
    expect(ids({ q: M, status: "accepted" })).toEqual([d]);
    expect(ids({ q: M, status: "published" }).sort()).toEqual([a, b, c].sort());
  });

  it("sorts by newest, most supported and most discussed", () => {
    expect(ids({ q: M, sort: "new" })).toEqual([d, c, b, a]);
    expect(ids({ q: M, sort: "supported" }).slice(0, 2)).toEqual([c, a]);
    expect(ids({ q: M, sort: "discussed" }).slice(0, 2)).toEqual([b, d]);
  });

  it("pages by PAGE_SIZE with a total", () => {
    const P = "Pagemark";
    const made = Array.from({ length: PAGE_SIZE + 5 }, (_, i) => published(`${P} number ${i}`));
    const first = listIdeas(query({ q: P, page: 1 }));
    const second = listIdeas(query({ q: P, page: 2 }));
    const third = listIdeas(query({ q: P, page: 3 }));
    expect(first.total).toBe(PAGE_SIZE + 5);
    expect(first.items).toHaveLength(PAGE_SIZE);
    expect(second.items).toHaveLength(5);
    expect(third.items).toHaveLength(0);
    expect([...first.items, ...second.items].map((i) => i.id).sort((x, y) => x - y)).toEqual(made);
    // Newest first: the last one made opens page 1.
    expect(first.items[0]?.id).toBe(made.at(-1));
  });

  it("leaves out hidden, rejected, submitted and merged ideas", () => {
    const H = "Hidemark";
    const shown = published(`${H} shown`);
    const hidden = published(`${H} hidden`);
    setIdeaHidden({ ideaId: hidden, actorId: moderatorId, hidden: true, reason: "offensive" });
    const rejected = submitted(`${H} rejected`);
    changeStatus({ ideaId: rejected, actorId: moderatorId, to: "rejected", reason: "off_topic" });
    submitted(`${H} waiting`);
    const duplicate = published(`${H} duplicate`);
    expect(mergeIdeas({ duplicateId: duplicate, survivorId: shown, actorId: moderatorId }).ok).toBe(true);
    expect(ids({ q: H })).toEqual([shown]);
    expect(ids({}).filter((id) => [hidden, rejected, duplicate].includes(id))).toEqual([]);
    expect(listIdeas(query({ q: H })).total).toBe(1);
  });
});

describe("full-text search", () => {
  let park = 0, bike = 0, playground = 0, other = 0;

  beforeAll(() => {
    park = published("ახალი პარკი რუსთავში", { description: "მდინარის პირას ახალი პარკი და სკამები." });
    bike = published("Велодорожка вдоль Куры", { description: "Нужна безопасная велодорожка от центра до моста." });
    playground = published("Yeni uşaq meydançası", { description: "Həyətdə uşaqlar üçün təhlükəsiz meydança lazımdır." });
    other = published("Street lights on Gagarin street", { description: "The street is dark at night and unsafe to walk." });
  });

  it("finds Georgian words inside longer words (პარკ → ახალი პარკი)", () => {
    const found = ids({ q: "პარკ" });
    expect(found).toContain(park);
    expect(found).not.toContain(other);
    expect(found).not.toContain(bike);
  });

  it("finds Russian case-insensitively", () => {
    for (const q of ["велодорожка", "ВЕЛОДОРОЖКА", "Велодорож"]) {
      const found = ids({ q });
      expect(found, q).toContain(bike);
      expect(found, q).not.toContain(park);
    }
  });

  it("finds Azerbaijani with or without diacritics", () => {
    for (const q of ["uşaq", "usaq", "UŞAQ", "USAQ", "meydança", "meydanca"]) {
      const found = ids({ q });
      expect(found, q).toContain(playground);
      expect(found, q).not.toContain(other);
    }
  });

  // Typed on a keyboard without the Azerbaijani letters, ə is written e and ı is written i. SQLite's
  // remove_diacritics folds ş, ç, ğ, ö, ü, but not ə (U+0259) nor ı (U+0131): the index and the query fold them.
  it("finds Azerbaijani typed without ə and ı (heyet → Həyətdə, meydancasi → meydançası)", () => {
    for (const q of ["heyet", "meydancasi"]) expect(ids({ q }), q).toContain(playground);
  });

  it("needs every word to match", () => {
    expect(ids({ q: "street dark" })).toContain(other);
    expect(ids({ q: "street парк" })).toEqual([]);
  });

  it.each(['"); DROP TABLE ideas; --', "NEAR(", "*", '"', "park*", "title:street", "AND OR NOT", "^street", "{title description}: dark", "NEAR(street dark, 1)"])(
    "a hostile query %j neither throws nor matches everything",
    (q) => {
      const all = listIdeas(query({})).total;
      expect(all).toBeGreaterThan(5);
      const result = listIdeas(query({ q }));
      expect(result.total).toBeLessThan(all);
      expect(() => similarIdeas(q)).not.toThrow();
      // The table is still there.
      expect(rowCount(ideas)).toBeGreaterThan(0);
    },
  );

  it("a query of only short words or symbols finds nothing rather than everything", () => {
    expect(listIdeas(query({ q: "* ^ :" }))).toEqual({ items: [], total: 0 });
    expect(listIdeas(query({ q: "ab" }))).toEqual({ items: [], total: 0 });
  });
});

describe("similarIdeas", () => {
  it("ranks the closest idea first, and only shows public ones", () => {
    const close = published("Zebra crossing near school number 5", { description: "Children cross the avenue without a zebra crossing near the school." });
    const far = published("More trees on the avenue", { description: "The avenue needs shade: plant trees near the school." });
    const waiting = submitted("Zebra crossing near school, again");
    const found = similarIdeas("zebra crossing near the school");
    expect(found[0]?.id).toBe(close);
    expect(found.map((i) => i.id)).toContain(far);
    expect(found.findIndex((i) => i.id === close)).toBeLessThan(found.findIndex((i) => i.id === far));
    expect(found.map((i) => i.id)).not.toContain(waiting);
    expect(similarIdeas("zebra crossing", { excludeId: close }).map((i) => i.id)).not.toContain(close);
    expect(similarIdeas("zebra crossing school avenue trees", { limit: 1 })).toHaveLength(1);
    expect(similarIdeas("a b")).toEqual([]);
  });
});

describe("supports", () => {
  it("counts a second support by the same person once", () => {
    const id = published("Support once idea");
    expect(support(id, irinaId)).toBe(true);
    expect(support(id, irinaId)).toBe(false);
    expect(counts(id)).toMatchObject({ supportsCounter: 1, supportsRows: 1 });
    expect(withdrawSupport(id, irinaId)).toBe(true);
    expect(withdrawSupport(id, irinaId)).toBe(false);
    expect(counts(id)).toMatchObject({ supportsCounter: 0, supportsRows: 0 });
  });

  it("keeps the counter equal to the rows after a storm of 200 supports and withdrawals by 20 people", () => {
    const id = published("Support storm idea");
    let seed = 2030;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const expected = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const user = residents[random(residents.length)]!;
      if (random(2) === 0) {
        support(id, user);
        expected.add(user);
      } else {
        withdrawSupport(id, user);
        expected.delete(user);
      }
    }
    const { supportsCounter, supportsRows } = counts(id);
    expect(supportsCounter).toBe(supportsRows);
    expect(supportsCounter).toBe(expected.size);
    expect(new Set(supporterIds(id))).toEqual(expected);
    expect(getIdea(id)?.supportsCount).toBe(expected.size);
  });
});

describe("comments", () => {
  it("the counter follows hiding and showing", () => {
    const id = published("Comment counter idea");
    const made = ["first", "second", "third"].map((body) => addComment({ ideaId: id, authorId: irinaId, body })!);
    expect(counts(id)).toMatchObject({ commentsCounter: 3, visibleComments: 3 });
    setCommentHidden({ commentId: made[0]!, actorId: moderatorId, hidden: true, reason: "offensive" });
    expect(counts(id)).toMatchObject({ commentsCounter: 2, visibleComments: 2 });
    // Hiding it again changes nothing.
    setCommentHidden({ commentId: made[0]!, actorId: moderatorId, hidden: true, reason: "offensive" });
    expect(counts(id)).toMatchObject({ commentsCounter: 2, visibleComments: 2 });
    setCommentHidden({ commentId: made[0]!, actorId: moderatorId, hidden: false });
    expect(counts(id)).toMatchObject({ commentsCounter: 3, visibleComments: 3 });
    setCommentHidden({ commentId: made[1]!, actorId: moderatorId, hidden: false });
    expect(counts(id)).toMatchObject({ commentsCounter: 3, visibleComments: 3 });
  });

  it("attaches a reply to a reply to the first comment", () => {
    const id = published("Reply threading idea");
    const top = addComment({ ideaId: id, authorId: irinaId, body: "top" })!;
    const reply = addComment({ ideaId: id, authorId: ninoId, body: "reply", parentId: top })!;
    const replyToReply = addComment({ ideaId: id, authorId: irinaId, body: "reply to reply", parentId: reply })!;
    const byId = new Map(listComments(id).map((c) => [c.id, c]));
    expect(byId.get(top)?.parentId).toBeNull();
    expect(byId.get(reply)?.parentId).toBe(top);
    expect(byId.get(replyToReply)?.parentId).toBe(top);
  });

  it("refuses a parent from another idea, or one that does not exist, and stores nothing", () => {
    const one = published("Parent idea one");
    const two = published("Parent idea two");
    const foreign = addComment({ ideaId: one, authorId: irinaId, body: "on idea one" })!;
    expect(addComment({ ideaId: two, authorId: irinaId, body: "sneaky reply", parentId: foreign })).toBeNull();
    expect(addComment({ ideaId: two, authorId: irinaId, body: "ghost reply", parentId: 999_999 })).toBeNull();
    expect(listComments(two)).toEqual([]);
    expect(counts(two).commentsCounter).toBe(0);
  });
});

describe("reports", () => {
  it("counts the same person once, and the third different person hides the idea", () => {
    const id = published("Reported idea");
    const [r1, r2, r3] = residents;
    expect(report({ targetType: "idea", targetId: id, reporterId: r1!, reason: "spam", threshold: 3 })).toEqual({ counted: true, hidden: false });
    expect(report({ targetType: "idea", targetId: id, reporterId: r1!, reason: "offensive", threshold: 3 })).toEqual({ counted: false, hidden: false });
    expect(report({ targetType: "idea", targetId: id, reporterId: r1!, reason: "spam", threshold: 3 })).toEqual({ counted: false, hidden: false });
    expect(getIdea(id)?.reportsCount).toBe(1);
    expect(report({ targetType: "idea", targetId: id, reporterId: r2!, reason: "spam", threshold: 3 })).toEqual({ counted: true, hidden: false });
    expect(getIdea(id)?.hidden).toBe(false);
    expect(ids({ q: "Reported idea" })).toContain(id);
    expect(report({ targetType: "idea", targetId: id, reporterId: r3!, reason: "spam", threshold: 3 })).toEqual({ counted: true, hidden: true });
    const idea = getIdea(id);
    expect(idea).toMatchObject({ hidden: true, hiddenReason: "reported", reportsCount: 3 });
    expect(ids({})).not.toContain(id);
  });

  it("hides a comment at the third different reporter", () => {
    const id = published("Idea with a reported comment");
    const commentId = addComment({ ideaId: id, authorId: irinaId, body: "rude words" })!;
    for (const reporter of [residents[4]!, residents[4]!, residents[5]!]) {
      expect(report({ targetType: "comment", targetId: commentId, reporterId: reporter, reason: "offensive", threshold: 3 }).hidden).toBe(false);
    }
    expect(report({ targetType: "comment", targetId: commentId, reporterId: residents[6]!, reason: "offensive", threshold: 3 }).hidden).toBe(true);
    const comment = listComments(id).find((c) => c.id === commentId);
    expect(comment).toMatchObject({ hidden: true, hiddenReason: "reported" });
    expect(counts(id).commentsCounter).toBe(0);
    // The idea itself is not touched.
    expect(getIdea(id)?.hidden).toBe(false);
  });
});

describe("changeStatus", () => {
  it("refuses a forbidden move and changes nothing", () => {
    const id = submitted("Forbidden move idea");
    const before = { idea: getIdea(id), events: rowCount(ideaEvents), audit: rowCount(auditLog) };
    expect(changeStatus({ ideaId: id, actorId: moderatorId, to: "accepted", answer: "Yes" })).toEqual({ ok: false, reason: "notAllowed" });
    expect(changeStatus({ ideaId: id, actorId: moderatorId, to: "merged" })).toEqual({ ok: false, reason: "notAllowed" });
    expect(getIdea(id)).toEqual(before.idea);
    expect(rowCount(ideaEvents)).toBe(before.events);
    expect(rowCount(auditLog)).toBe(before.audit);
  });

  it("says notFound for an idea that does not exist", () => {
    expect(changeStatus({ ideaId: 987_654, actorId: moderatorId, to: "published" })).toEqual({ ok: false, reason: "notFound" });
  });

  it("moves an idea, with an idea_events row and an audit_log row", () => {
    const id = submitted("Allowed move idea");
    const auditBefore = rowCount(auditLog);
    const result = changeStatus({ ideaId: id, actorId: moderatorId, to: "published" });
    expect(result).toEqual({ ok: true, authorId: ninoId, title: "Allowed move idea" });
    const idea = getIdea(id);
    expect(idea?.status).toBe("published");
    expect(idea?.publishedAt).toBeInstanceOf(Date);
    expect(changeStatus({ ideaId: id, actorId: moderatorId, to: "accepted", answer: "In the 2026 budget." }).ok).toBe(true);
    const events = getDb().select().from(ideaEvents).where(eq(ideaEvents.ideaId, id)).orderBy(ideaEvents.id).all();
    expect(events.map((e) => [e.fromStatus, e.toStatus])).toEqual([
      [null, "submitted"],
      ["submitted", "published"],
      ["published", "accepted"],
    ]);
    expect(events[2]).toMatchObject({ kind: "status", actorId: moderatorId, answer: "In the 2026 budget." });
    const audit = getDb().select().from(auditLog).where(eq(auditLog.targetId, String(id))).orderBy(auditLog.id).all();
    expect(rowCount(auditLog)).toBe(auditBefore + 2);
    expect(audit.map((a) => a.action)).toEqual(["idea.published", "idea.accepted"]);
    expect(audit[0]).toMatchObject({ actorId: moderatorId, targetType: "idea", details: { from: "submitted", reason: null } });
  });

  it("records the reject reason, and clears it when the idea is published after all", () => {
    const id = submitted("Rejected then published idea");
    changeStatus({ ideaId: id, actorId: moderatorId, to: "rejected", reason: "offensive", note: "Please be polite." });
    expect(getIdea(id)).toMatchObject({ status: "rejected", rejectReason: "offensive", publishedAt: null });
    changeStatus({ ideaId: id, actorId: moderatorId, to: "published" });
    expect(getIdea(id)).toMatchObject({ status: "published", rejectReason: null });
  });
});

describe("mergeIdeas", () => {
  it("moves supporters so that each supports the survivor exactly once", () => {
    const [u1, u2, u3, u4] = residents.slice(10, 14) as [number, number, number, number];
    const duplicate = published("Merge duplicate A", { authorId: irinaId });
    const survivor = published("Merge survivor B", { authorId: ninoId });
    for (const u of [u1, u2, u3]) support(duplicate, u);
    for (const u of [u3, u4]) support(survivor, u);
    const commentId = addComment({ ideaId: duplicate, authorId: u1, body: "this stays here" })!;
    const result = mergeIdeas({ duplicateId: duplicate, survivorId: survivor, actorId: moderatorId, answer: "Same idea." });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.moved).toBe(2);
    expect([...result.audience].sort()).toEqual([u1, u2, u3, irinaId, ninoId].sort());
    expect(new Set(supporterIds(survivor))).toEqual(new Set([u1, u2, u3, u4]));
    expect(counts(survivor)).toMatchObject({ supportsCounter: 4, supportsRows: 4 });
    expect(counts(duplicate)).toMatchObject({ supportsCounter: 0, supportsRows: 0 });
    expect(getIdea(duplicate)).toMatchObject({ status: "merged", duplicateOf: survivor });
    expect(listComments(duplicate).map((c) => c.id)).toEqual([commentId]);
    expect(getIdea(duplicate)?.commentsCount).toBe(1);
    const event = getDb().select().from(ideaEvents).where(eq(ideaEvents.ideaId, duplicate)).all().at(-1);
    expect(event).toMatchObject({ kind: "merged", fromStatus: "published", toStatus: "merged", answer: "Same idea." });
    const audit = getDb().select().from(auditLog).where(eq(auditLog.targetId, String(duplicate))).all().at(-1);
    expect(audit).toMatchObject({ action: "idea.merge", actorId: moderatorId, details: { into: survivor, supportsMoved: 2 } });
  });

  it("never tells the moderator who merges, even if they support it", () => {
    const duplicate = published("Merge actor duplicate");
    const survivor = published("Merge actor survivor");
    support(duplicate, moderatorId);
    const result = mergeIdeas({ duplicateId: duplicate, survivorId: survivor, actorId: moderatorId });
    expect(result.ok && result.audience).toEqual([ninoId]);
  });

  it("refuses to merge into a submitted, hidden, merged or rejected idea, or into itself, and changes nothing", () => {
    const duplicate = published("Merge refused duplicate");
    support(duplicate, residents[15]!);
    const waiting = submitted("Merge target waiting");
    const hidden = published("Merge target hidden");
    setIdeaHidden({ ideaId: hidden, actorId: moderatorId, hidden: true, reason: "offensive" });
    const merged = published("Merge target merged");
    const somewhere = published("Merge target somewhere");
    expect(mergeIdeas({ duplicateId: merged, survivorId: somewhere, actorId: moderatorId }).ok).toBe(true);
    const rejected = submitted("Merge target rejected");
    changeStatus({ ideaId: rejected, actorId: moderatorId, to: "rejected", reason: "other" });
    const before = getIdea(duplicate);
    for (const survivorId of [waiting, hidden, merged, rejected, duplicate]) {
      expect(mergeIdeas({ duplicateId: duplicate, survivorId, actorId: moderatorId }), `into ${survivorId}`).toEqual({ ok: false, reason: "notAllowed" });
    }
    expect(mergeIdeas({ duplicateId: duplicate, survivorId: 999_999, actorId: moderatorId })).toEqual({ ok: false, reason: "notFound" });
    expect(getIdea(duplicate)).toEqual(before);
    expect(supporterIds(duplicate)).toEqual([residents[15]]);
    for (const id of [waiting, hidden, merged, rejected]) expect(supporterIds(id)).toEqual([]);
  });

  it("refuses to merge an idea that is already merged or implemented", () => {
    const survivor = published("Merge source survivor");
    const merged = published("Merge source merged");
    mergeIdeas({ duplicateId: merged, survivorId: survivor, actorId: moderatorId });
    const other = published("Merge source other");
    expect(mergeIdeas({ duplicateId: merged, survivorId: other, actorId: moderatorId })).toEqual({ ok: false, reason: "notAllowed" });
    expect(getIdea(merged)?.duplicateOf).toBe(survivor);
  });
});

describe("the audit log", () => {
  it("cannot be updated or deleted", () => {
    const id = submitted("Audit idea");
    changeStatus({ ideaId: id, actorId: moderatorId, to: "published" });
    const row = getDb().select().from(auditLog).where(eq(auditLog.targetId, String(id))).get();
    expect(row).toBeDefined();
    expect(() => getDb().update(auditLog).set({ action: "idea.nothing" }).where(eq(auditLog.id, row!.id)).run()).toThrow(/append-only/);
    expect(() => getDb().delete(auditLog).where(eq(auditLog.id, row!.id)).run()).toThrow(/append-only/);
    expect(() => getDb().delete(auditLog).run()).toThrow(/append-only/);
    expect(getDb().select().from(auditLog).where(eq(auditLog.id, row!.id)).get()).toEqual(row);
  });
});
