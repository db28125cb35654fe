// Moderating ideas in the hub: who may, bulk approval, status changes with answers and who hears of them,
// rejection as the public sees it, merges, and hiding reported comments.
import { and, count, eq, gt } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, ideaEvents, notifications } from "#db/schema";
import { addComment, createIdea, getIdea, listComments, report, support, supporterIds } from "~/models/ideas.server";
import { listDistricts, listGoals } from "~/models/municipality.server";
import { getDb } from "~/utils/db.server";
import { signedInDemo, type DemoName } from "../../test/accounts";
import { call, getRequest, ORIGIN } from "../../test/requests";
import { action as detailAction, loader as detailLoader } from "./hub.ideas.$id";
import { action as queueAction, loader as queueLoader } from "./hub.ideas._index";
import { loader as ideaLoader } from "./ideas.$id";

type Who = DemoName | null;
let cookies = {} as Record<DemoName, string>;
let ids = {} as Record<DemoName, number>;
let goalId = 0;
let districtId = 0;

beforeAll(async () => {
  ({ ids, cookies } = await signedInDemo());
  goalId = listGoals()[0]!.id;
  districtId = listDistricts()[0]!.id;
});

function headers(who: Who): Record<string, string> {
  return who ? { Cookie: cookies[who] } : {};
}

function get(who: Who, path: string) {
  return getRequest(path, headers(who));
}

function post(who: Who, path: string, fields: Array<[string, string]> | Record<string, string>) {
  return new Request(`${ORIGIN}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: headers(who) });
}

function moderate(who: Who, id: number, fields: Record<string, string>) {
  return call(detailAction, post(who, `/hub/ideas/${id}`, fields), { id: String(id) });
}

function publicView(who: Who, id: number) {
  return call(ideaLoader, get(who, `/ideas/${id}`), { id: String(id) });
}

function submitted(title: string, authorId = ids.nino) {
  return createIdea({ authorId, title, description: `${title}, described at some length.`, goalId, districtId, moderation: "pre" });
}

function published(title: string, authorId = ids.nino) {
  return createIdea({ authorId, title, description: `${title}, described at some length.`, goalId, districtId, moderation: "post" });
}

function lastId(table: typeof notifications | typeof auditLog | typeof ideaEvents): number {
  return getDb().select({ id: table.id }).from(table).orderBy(table.id).all().at(-1)?.id ?? 0;
}

/** Notifications written after `since`, as [userId, kind, ideaId]. */
function notesSince(since: number) {
  return getDb()
    .select({ userId: notifications.userId, kind: notifications.kind, ideaId: notifications.ideaId, data: notifications.data })
    .from(notifications)
    .where(gt(notifications.id, since))
    .all();
}

function auditSince(since: number) {
  return getDb().select().from(auditLog).where(gt(auditLog.id, since)).all();
}

function snapshot(id: number) {
  return {
    idea: getIdea(id),
    events: getDb().select({ n: count() }).from(ideaEvents).where(eq(ideaEvents.ideaId, id)).get()?.n,
    audit: lastId(auditLog),
    notifications: lastId(notifications),
    supporters: supporterIds(id).sort(),
    comments: listComments(id),
  };
}

type PublicData = {
  visible: boolean;
  removedReason: string | null;
  canSeeContent: boolean;
  photoUrl: string | null;
  idea: { title: string; description: string; status: string; author: string | null };
  history: unknown[];
  comments: Array<{ id: number; body: string | null; hidden: boolean }>;
};

describe("residents and anonymous visitors", () => {
  it("are kept out of /hub/ideas: sign in, or 403", async () => {
    const anonymous = await call(queueLoader, get(null, "/hub/ideas"));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=%2Fhub%2Fideas/);
    for (const who of ["nino", "irina", "elvin"] as const) {
      expect((await call(queueLoader, get(who, "/hub/ideas"))).status, who).toBe(403);
    }
  });

  it("cannot approve ideas, and nothing changes", async () => {
    const id = submitted("Resident tries to approve");
    const before = snapshot(id);
    expect((await call(queueAction, post("irina", "/hub/ideas", [["idea", String(id)]]))).status).toBe(403);
    expect((await call(queueAction, post("nino", "/hub/ideas", [["idea", String(id)]]))).status).toBe(403);
    expect((await call(queueAction, post(null, "/hub/ideas", [["idea", String(id)]]))).status).toBe(302);
    expect(snapshot(id)).toEqual(before);
  });

  it("cannot open or act on /hub/ideas/:id, and nothing changes", async () => {
    const id = published("Resident tries to moderate", ids.nino);
    support(id, ids.irina);
    const other = published("Resident merge target", ids.irina);
    const commentId = addComment({ ideaId: id, authorId: ids.irina, body: "a comment" })!;
    const before = snapshot(id);
    for (const who of ["nino", "irina", "elvin"] as const) {
      expect((await call(detailLoader, get(who, `/hub/ideas/${id}`), { id: String(id) })).status, who).toBe(403);
      const attempts: Array<Record<string, string>> = [
        { intent: "status", to: "accepted", answer: "We accept." },
        { intent: "status", to: "rejected", reason: "offensive" },
        { intent: "hide", reason: "offensive" },
        { intent: "merge", survivor: String(other) },
        { intent: "hideComment", comment: String(commentId) },
      ];
      for (const fields of attempts) {
        expect((await moderate(who, id, fields)).status, `${who} ${fields.intent}`).toBe(403);
      }
    }
    expect((await moderate(null, id, { intent: "hide", reason: "offensive" })).status).toBe(302);
    expect(snapshot(id)).toEqual(before);
    expect(supporterIds(other)).toEqual([]);
  });
});

describe("the moderation queue", () => {
  it("lists submitted ideas for the moderator", async () => {
    const id = submitted("Queue listing idea");
    const response = await call(queueLoader, get("moderator", "/hub/ideas"));
    expect(response.status).toBe(200);
    const data = (await response.json()) as { waiting: Array<{ id: number; title: string }> };
    expect(data.waiting).toContainEqual(expect.objectContaining({ id, title: "Queue listing idea" }));
  });

  it("bulk-approves two submitted ideas and tells each author", async () => {
    const one = submitted("Bulk approval one", ids.nino);
    const two = submitted("Bulk approval two", ids.irina);
    const already = published("Bulk approval already published", ids.nino);
    const notesBefore = lastId(notifications);
    const auditBefore = lastId(auditLog);
    const response = await call(
      queueAction,
      post("moderator", "/hub/ideas", [
        ["idea", String(one)],
        ["idea", String(two)],
        ["idea", String(already)],
        ["idea", "not-a-number"],
        ["idea", "999999"],
      ]),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ approved: 2 });
    for (const id of [one, two]) {
      const idea = getIdea(id);
      expect(idea?.status).toBe("published");
      expect(idea?.publishedAt).toBeInstanceOf(Date);
    }
    const notes = notesSince(notesBefore);
    expect(notes).toHaveLength(2);
    expect(notes).toContainEqual({ userId: ids.nino, kind: "status", ideaId: one, data: { title: "Bulk approval one", status: "published" } });
    expect(notes).toContainEqual({ userId: ids.irina, kind: "status", ideaId: two, data: { title: "Bulk approval two", status: "published" } });
    expect(auditSince(auditBefore).map((a) => [a.action, a.targetId, a.actorId])).toEqual([
      ["idea.published", String(one), ids.moderator],
      ["idea.published", String(two), ids.moderator],
    ]);
    // They are now public, and no longer waiting.
    expect((await publicView(null, one)).status).toBe(200);
    const queue = (await (await call(queueLoader, get("moderator", "/hub/ideas"))).json()) as { waiting: Array<{ id: number }> };
    expect(queue.waiting.map((w) => w.id)).not.toContain(one);
  });
});

describe("status changes", () => {
  it("refuses accepted without an answer with 400, and nothing changes", async () => {
    const id = published("Accept without answer");
    support(id, ids.irina);
    const before = snapshot(id);
    for (const answer of [undefined, "", "    "]) {
      const fields: Record<string, string> = { intent: "status", to: "accepted" };
      if (answer !== undefined) fields.answer = answer;
      const response = await moderate("moderator", id, fields);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { status: { error?: Record<string, string[]> } };
      expect(body.status.error?.answer).toContain("answerRequired");
    }
    expect(snapshot(id)).toEqual(before);
  });

  it("refuses a move the lifecycle does not allow with 409, and nothing changes", async () => {
    const id = submitted("Forbidden move through the hub");
    const before = snapshot(id);
    const response = await moderate("moderator", id, { intent: "status", to: "implemented", answer: "Done." });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { done: string }).done).toBe("notAllowed");
    expect((await moderate("moderator", id, { intent: "status", to: "nonsense" })).status).toBe(400);
    expect(snapshot(id)).toEqual(before);
  });

  it("saves accepted with an answer, tells the author and every supporter (not the moderator), and audits it", async () => {
    const id = published("Accepted with answer", ids.nino);
    for (const u of [ids.irina, ids.elvin, ids.moderator]) support(id, u);
    const notesBefore = lastId(notifications);
    const auditBefore = lastId(auditLog);
    const response = await moderate("moderator", id, { intent: "status", to: "accepted", answer: "It is in the 2026 budget." });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { done: string }).done).toBe("saved");
    expect(getIdea(id)?.status).toBe("accepted");
    const notes = notesSince(notesBefore);
    expect(notes.map((n) => n.userId).sort()).toEqual([ids.nino, ids.irina, ids.elvin].sort());
    for (const n of notes) expect(n).toMatchObject({ kind: "status", ideaId: id, data: { title: "Accepted with answer", status: "accepted", answer: "It is in the 2026 budget." } });
    expect(auditSince(auditBefore)).toEqual([expect.objectContaining({ action: "idea.accepted", targetType: "idea", targetId: String(id), actorId: ids.moderator })]);
    // The answer is public.
    const data = (await (await publicView(null, id)).json()) as { history: Array<{ status: string; answer: string | null }> };
    expect(data.history.at(-1)).toMatchObject({ status: "accepted", answer: "It is in the 2026 budget." });
  });

  it("shows a rejected idea to the public only as removed, with the reason code and no content", async () => {
    const id = submitted("Rude words in this title");
    addComment({ ideaId: id, authorId: ids.nino, body: "my own first comment" });
    const notesBefore = lastId(notifications);
    const response = await moderate("moderator", id, { intent: "status", to: "rejected", reason: "offensive", note: "Please rewrite it politely." });
    expect(response.status).toBe(200);
    expect(getIdea(id)).toMatchObject({ status: "rejected", rejectReason: "offensive" });
    // Only the author hears of it.
    expect(notesSince(notesBefore).map((n) => n.userId)).toEqual([ids.nino]);
    for (const who of [null, "irina"] as const) {
      const view = await publicView(who, id);
      expect(view.status, String(who)).toBe(200);
      const data = (await view.json()) as PublicData;
      expect(data).toMatchObject({ visible: false, removedReason: "offensive", canSeeContent: false, photoUrl: null, history: [], comments: [] });
      expect(data.idea.title).toBe("");
      expect(data.idea.description).toBe("");
      expect(data.idea.author).toBeNull();
      expect(JSON.stringify(data)).not.toContain("Rude words");
      expect(JSON.stringify(data)).not.toContain("politely");
    }
    // The author still sees what they wrote, and the note.
    const own = (await (await publicView("nino", id)).json()) as PublicData & { note: string | null };
    expect(own.idea.title).toBe("Rude words in this title");
    expect(own.note).toBe("Please rewrite it politely.");
  });

  it("refuses rejected without a reason, and changes_requested without a note", async () => {
    const id = submitted("Reject without reason");
    const before = snapshot(id);
    expect((await moderate("moderator", id, { intent: "status", to: "rejected" })).status).toBe(400);
    expect((await moderate("moderator", id, { intent: "status", to: "rejected", reason: "made-up" })).status).toBe(400);
    expect((await moderate("moderator", id, { intent: "status", to: "changes_requested" })).status).toBe(400);
    expect(snapshot(id)).toEqual(before);
  });
});

describe("merging", () => {
  it("moves supports to the survivor, each once, and tells both authors", async () => {
    const duplicate = published("Merge via hub duplicate", ids.irina);
    const survivor = published("Merge via hub survivor", ids.nino);
    for (const u of [ids.elvin, ids.admin]) support(duplicate, u);
    for (const u of [ids.admin]) support(survivor, u);
    const notesBefore = lastId(notifications);
    const response = await moderate("moderator", duplicate, { intent: "merge", survivor: String(survivor), answer: "Same request." });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ done: "merged", moved: 1 });
    expect(supporterIds(survivor).sort()).toEqual([ids.elvin, ids.admin].sort());
    expect(getIdea(survivor)?.supportsCount).toBe(2);
    expect(getIdea(duplicate)).toMatchObject({ status: "merged", duplicateOf: survivor, supportsCount: 0 });
    const notes = notesSince(notesBefore);
    const told = notes.map((n) => n.userId);
    expect(told).toContain(ids.irina);
    expect(told).toContain(ids.nino);
    expect(told).not.toContain(ids.moderator);
    expect(new Set(told).size).toBe(told.length);
    for (const n of notes) expect(n).toMatchObject({ kind: "merged", ideaId: duplicate, data: { title: "Merge via hub duplicate", survivorId: survivor } });
    // The duplicate's page points to the survivor.
    const data = (await (await publicView(null, duplicate)).json()) as { idea: { status: string; duplicateOf: number | null } };
    expect(data.idea).toMatchObject({ status: "merged", duplicateOf: survivor });
  });

  // Pre-moderation promises that nothing is public before a moderator approves it, and "merged" is a
  // public status: merging an unreviewed idea must not publish it.
  it("merging a never-approved (submitted) idea does not show its content to the public", async () => {
    const survivor = published("Merge survivor for an unreviewed duplicate");
    const duplicate = submitted("Unreviewed duplicate with a phone number 555 12 34 56", ids.irina);
    expect((await publicView(null, duplicate)).status).toBe(404);
    const response = await moderate("moderator", duplicate, { intent: "merge", survivor: String(survivor) });
    expect([200, 409]).toContain(response.status);
    const view = await publicView(null, duplicate);
    if (view.status === 404) return;
    expect(view.status).toBe(200);
    const data = (await view.json()) as PublicData;
    expect(JSON.stringify(data)).not.toContain("Unreviewed duplicate");
    expect(data.idea.description).toBe("");
  });

  it("refuses a merge into itself, into a submitted idea, or with no survivor, and nothing changes", async () => {
    const duplicate = published("Merge refused via hub");
    support(duplicate, ids.irina);
    const waiting = submitted("Merge refused target");
    const before = snapshot(duplicate);
    expect((await moderate("moderator", duplicate, { intent: "merge", survivor: String(duplicate) })).status).toBe(409);
    expect((await moderate("moderator", duplicate, { intent: "merge", survivor: String(waiting) })).status).toBe(409);
    expect((await moderate("moderator", duplicate, { intent: "merge", survivor: "abc" })).status).toBe(400);
    expect((await moderate("moderator", duplicate, { intent: "merge" })).status).toBe(400);
    expect(snapshot(duplicate)).toEqual(before);
    expect(supporterIds(waiting)).toEqual([]);
  });
});

describe("hiding", () => {
  it("hiding a reported comment removes its body from the public page, but not from staff", async () => {
    const id = published("Idea with a rude comment");
    const rude = addComment({ ideaId: id, authorId: ids.irina, body: "a rude and hurtful remark" })!;
    const kind = addComment({ ideaId: id, authorId: ids.elvin, body: "a kind remark" })!;
    report({ targetType: "comment", targetId: rude, reporterId: ids.nino, reason: "offensive", threshold: 3 });
    const queue = (await (await call(queueLoader, get("moderator", "/hub/ideas"))).json()) as { reported: Array<{ targetType: string; targetId: number }> };
    expect(queue.reported).toContainEqual(expect.objectContaining({ targetType: "comment", targetId: rude }));
    const auditBefore = lastId(auditLog);
    const response = await moderate("moderator", id, { intent: "hideComment", comment: String(rude), reason: "offensive" });
    expect(response.status).toBe(200);
    for (const who of [null, "nino", "irina"] as const) {
      const data = (await (await publicView(who, id)).json()) as PublicData;
      expect(data.comments.find((c) => c.id === rude), String(who)).toMatchObject({ body: null, hidden: true });
      expect(data.comments.find((c) => c.id === kind)?.body).toBe("a kind remark");
      expect(JSON.stringify(data)).not.toContain("hurtful");
    }
    const staff = (await (await publicView("moderator", id)).json()) as PublicData;
    expect(staff.comments.find((c) => c.id === rude)?.body).toBe("a rude and hurtful remark");
    expect(getIdea(id)?.commentsCount).toBe(1);
    expect(auditSince(auditBefore)).toEqual([expect.objectContaining({ action: "comment.hide", targetType: "comment", targetId: String(rude) })]);
    // The report is resolved: it leaves the queue.
    const after = (await (await call(queueLoader, get("moderator", "/hub/ideas"))).json()) as { reported: Array<{ targetType: string; targetId: number }> };
    expect(after.reported).not.toContainEqual(expect.objectContaining({ targetType: "comment", targetId: rude }));
  });

  it("refuses to hide a comment of another idea", async () => {
    const one = published("Hide comment source");
    const two = published("Hide comment target");
    const comment = addComment({ ideaId: one, authorId: ids.irina, body: "on idea one" })!;
    expect((await moderate("moderator", two, { intent: "hideComment", comment: String(comment) })).status).toBe(404);
    expect(listComments(one)[0]?.hidden).toBe(false);
  });

  it("hides and shows an idea", async () => {
    const id = published("Idea to hide");
    expect((await moderate("admin", id, { intent: "hide", reason: "personal_data" })).status).toBe(200);
    const hidden = (await (await publicView(null, id)).json()) as PublicData;
    expect(hidden).toMatchObject({ visible: false, removedReason: "personal_data", canSeeContent: false });
    expect(hidden.idea.title).toBe("");
    expect((await moderate("admin", id, { intent: "show" })).status).toBe(200);
    expect(((await (await publicView(null, id)).json()) as PublicData).idea.title).toBe("Idea to hide");
    const actions = getDb().select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.targetType, "idea"), eq(auditLog.targetId, String(id)))).all();
    expect(actions.map((a) => a.action)).toEqual(["idea.hide", "idea.show"]);
  });

  it("400s an unknown intent, and 404s an unknown idea", async () => {
    const id = published("Unknown hub intent");
    expect((await moderate("moderator", id, { intent: "delete" })).status).toBe(400);
    expect((await moderate("moderator", 999_999, { intent: "hide" })).status).toBe(404);
    expect((await call(detailLoader, get("moderator", "/hub/ideas/999999"), { id: "999999" })).status).toBe(404);
  });

  it("shows the moderator the idea with its next steps", async () => {
    const id = submitted("Detail for the moderator");
    const response = await call(detailLoader, get("moderator", `/hub/ideas/${id}`), { id: String(id) });
    expect(response.status).toBe(200);
    const data = (await response.json()) as { idea: { title: string; status: string }; next: string[] };
    expect(data.idea).toMatchObject({ title: "Detail for the moderator", status: "submitted" });
    expect([...data.next].sort()).toEqual(["changes_requested", "published", "rejected"]);
  });
});

describe("the queue's filters", () => {
  it("shows only the waiting ideas of the chosen district, and ignores a broken filter", async () => {
    const [first, second] = listDistricts();
    const here = createIdea({ authorId: ids.nino, title: "Queue filter: first district", description: "Waiting in the first district for a moderator.", goalId, districtId: first!.id, moderation: "pre" });
    const there = createIdea({ authorId: ids.nino, title: "Queue filter: second district", description: "Waiting in the second district for a moderator.", goalId, districtId: second!.id, moderation: "pre" });
    const titles = async (path: string) =>
      ((await (await call(queueLoader, get("moderator", path))).json()) as { waiting: Array<{ id: number }> }).waiting.map((w) => w.id);
    expect(await titles(`/hub/ideas?district=${first!.id}`)).toContain(here);
    expect(await titles(`/hub/ideas?district=${first!.id}`)).not.toContain(there);
    expect(await titles("/hub/ideas?district=abc&goal=-1")).toEqual(expect.arrayContaining([here, there]));
  });
});
