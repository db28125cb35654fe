// Corrections by staff keep the resident's words; an author's edit after "changes requested" goes back to the queue.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "#db/schema";
import { changeStatus, correctIdea, createIdea, getIdea, listIdeas, listStatusHistory, resubmitIdea } from "./ideas.server";
import { listDistricts, listGoals } from "./municipality.server";
import { listAudit } from "./audit.server";
import { getDb } from "~/utils/db.server";

const idOf = (email: string) => getDb().select({ id: users.id }).from(users).where(eq(users.email, email)).get()!.id;

function newIdea(moderation: "pre" | "post", title = "Shade at the central market") {
  return createIdea({
    authorId: idOf("nino@khma.test"),
    title,
    description: "The market needs shade in summer. Call me on 599 00 11 22.",
    goalId: listGoals()[0]!.id,
    districtId: listDistricts()[0]!.id,
    moderation,
  });
}

describe("correctIdea", () => {
  it("changes the text, keeps the previous words in the history and writes the audit log", () => {
    const id = newIdea("post");
    expect(correctIdea({ ideaId: id, actorId: idOf("moderator@khma.test"), title: "Shade at the central market", description: "The market needs shade in summer.", reason: "a phone number removed" })).toBe(true);
    expect(getIdea(id)?.description).toBe("The market needs shade in summer.");
    const correction = listStatusHistory(id).find((e) => e.kind === "corrected");
    expect(correction?.answer).toBe("a phone number removed");
    expect(correction?.previous).toEqual({ title: "Shade at the central market", description: "The market needs shade in summer. Call me on 599 00 11 22." });
    expect(listAudit({ limit: 1 })[0]).toMatchObject({ action: "idea.correct", targetId: String(id) });
  });

  it("the search index follows the corrected text", () => {
    const id = newIdea("post", "Fountains in Rustaveli park");
    const query = search("Fountains");
    expect(listIdeas(query).items.map((i) => i.id)).toContain(id);
    correctIdea({ ideaId: id, actorId: idOf("moderator@khma.test"), title: "Drinking water in Rustaveli park", description: "The park needs drinking water taps in summer.", reason: "clearer title" });
    expect(listIdeas(query).items.map((i) => i.id)).not.toContain(id);
    expect(listIdeas(search("Drinking")).items.map((i) => i.id)).toContain(id);
  });

  it("does nothing for an unknown idea, and records nothing when the text did not change", () => {
    expect(correctIdea({ ideaId: 987654, actorId: idOf("moderator@khma.test"), title: "x x x x x", description: "y".repeat(30), reason: "none" })).toBe(false);
    const id = newIdea("post");
    const idea = getIdea(id)!;
    correctIdea({ ideaId: id, actorId: idOf("moderator@khma.test"), title: idea.title, description: idea.description, reason: "nothing" });
    expect(listStatusHistory(id).some((e) => e.kind === "corrected")).toBe(false);
  });
});

describe("resubmitIdea", () => {
  it("lets the author edit an idea with changes requested and puts it back in the queue", () => {
    const id = newIdea("pre");
    changeStatus({ ideaId: id, actorId: idOf("moderator@khma.test"), to: "changes_requested", note: "Which market?" });
    const ok = resubmitIdea({ ideaId: id, authorId: idOf("nino@khma.test"), title: "Shade at the central market", description: "The central market needs shade in summer.", goalId: listGoals()[1]!.id, districtId: listDistricts()[1]!.id });
    expect(ok).toBe(true);
    expect(getIdea(id)).toMatchObject({ status: "submitted", description: "The central market needs shade in summer.", goalId: listGoals()[1]!.id });
  });

  it("refuses another person, and an idea no moderator asked to change", () => {
    const id = newIdea("pre");
    const edit = { title: "Changed title here", description: "Changed description, long enough.", goalId: listGoals()[0]!.id, districtId: listDistricts()[0]!.id };
    expect(resubmitIdea({ ideaId: id, authorId: idOf("nino@khma.test"), ...edit })).toBe(false);
    changeStatus({ ideaId: id, actorId: idOf("moderator@khma.test"), to: "changes_requested", note: "More detail, please." });
    expect(resubmitIdea({ ideaId: id, authorId: idOf("irina@khma.test"), ...edit })).toBe(false);
    expect(getIdea(id)?.status).toBe("changes_requested");
  });
});

/** A search of the public list, newest first. */
function search(q: string) {
  return { q, sort: "new" as const, page: 1 };
}
