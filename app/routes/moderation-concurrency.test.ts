// Fifty moderators act on the same idea at the same moment: status changes (allowed or not from
// whatever the status is by then), hiding and showing, corrections. Whatever order the server runs
// them in, the idea must end in a state its history explains, and the audit log must hold exactly
// one entry per change that was made, by the moderator who made it, and none for a refused one.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createIdea } from "~/models/ideas.server";
import { listDistricts, listGoals } from "~/models/municipality.server";
import { checkParticipationCounts, ensureParticipationCounts } from "~/models/participation.server";
import { createUser } from "~/models/users.server";
import { getDb } from "~/utils/db.server";
import { signedInDemo } from "../../test/accounts";
import { call, context, formRequest, sessionCookieFor } from "../../test/requests";
import { action } from "./hub.ideas.$id";

const MODERATORS = 50;
const moderators: Array<{ id: number; cookie: string }> = [];
let author = 0;

beforeAll(async () => {
  ensureParticipationCounts(4 * 3_600_000);
  author = (await signedInDemo()).ids.nino;
  for (let i = 0; i < MODERATORS; i++) {
    const user = createUser({ displayName: `Moderator ${i + 1}`, identifier: { kind: "email", value: `moderator${i + 1}@concurrency.test` }, passwordHash: "x", role: "moderator" })!;
    moderators.push({ id: user.id, cookie: await sessionCookieFor(user.id) });
  }
});

/** What each moderator does: a mix that collides on purpose. */
function request(i: number): Record<string, string> {
  const answer = `Official answer number ${i}.`;
  switch (i % 8) {
    case 0:
      return { intent: "status", to: "under_review", answer };
    case 1:
      return { intent: "status", to: "accepted", answer };
    case 2:
      return { intent: "status", to: "in_progress", answer };
    case 3:
      return { intent: "status", to: "not_feasible", answer };
    case 4:
      return { intent: "hide", reason: "offensive" };
    case 5:
      return { intent: "show" };
    case 6:
      return { intent: "correct", title: `Corrected title ${i}`, description: "A corrected description, long enough to be accepted.", reason: "Spelling" };
    default:
      return { intent: "status", to: "implemented", answer };
  }
}

describe("fifty moderators on one idea at once", () => {
  it("leave a state the history explains and an audit entry for exactly each change made", async () => {
    const [district] = listDistricts();
    const [goal] = listGoals();
    const ideaId = createIdea({ authorId: author, title: "A crossing by the school", description: "A crossing by the school, with lights, please.", goalId: goal!.id, districtId: district!.id, moderation: "post" });
    const auditBefore = getDb().get<{ n: number }>(sql`select coalesce(max(id), 0) as n from audit_log`)!.n;
    const eventsBefore = getDb().get<{ n: number }>(sql`select coalesce(max(id), 0) as n from idea_events`)!.n;

    const responses = await Promise.all(
      moderators.map((m, i) =>
        call(action, formRequest(`/hub/ideas/${ideaId}`, request(i), { headers: { Cookie: m.cookie } }), { id: String(ideaId) }, context(`192.0.2.${i + 1}`)).then(async (r) => ({
          moderator: m.id,
          kind: request(i).intent,
          status: r.status,
          body: (await r.json()) as { done: string | null },
        })),
      ),
    );

    // Every answer is a decision: done (200) or refused because the status had moved on (409).
    for (const r of responses) expect([200, 409], JSON.stringify(r)).toContain(r.status);
    const made = responses.filter((r) => r.status === 200);
    const refused = responses.filter((r) => r.status === 409);
    expect(refused.every((r) => r.kind === "status" && r.body.done === "notAllowed")).toBe(true);
    expect(made.length).toBeGreaterThan(10);

    // One audit entry per change made, by its moderator; none for a refused one.
    const audit = getDb().all<{ actor: number; action: string }>(sql`select actor_id as actor, action from audit_log where id > ${auditBefore} and target_type = 'idea' and target_id = ${String(ideaId)} order by id`);
    expect(audit.map((a) => a.actor).sort((a, b) => a - b)).toEqual(made.map((r) => r.moderator).sort((a, b) => a - b));
    for (const r of refused) expect(audit.some((a) => a.actor === r.moderator), `refused moderator ${r.moderator} in the audit log`).toBe(false);

    // The history explains the state: each status change starts where the previous one ended, and
    // the idea's status, visibility and title are those of its last events.
    const events = getDb().all<{ kind: string; from: string | null; to: string | null; actor: number }>(sql`
      select kind, from_status as "from", to_status as "to", actor_id as actor from idea_events where id > ${eventsBefore} and idea_id = ${ideaId} order by id`);
    const statusEvents = events.filter((e) => e.kind === "status");
    let status = "published";
    for (const e of statusEvents) {
      expect(e.from, JSON.stringify(e)).toBe(status);
      status = e.to!;
    }
    const idea = getDb().get<{ status: string; hidden: number; title: string }>(sql`select status, hidden, title from ideas where id = ${ideaId}`)!;
    expect(idea.status).toBe(status);
    const lastVisibility = events.filter((e) => e.kind === "hidden" || e.kind === "shown").at(-1);
    expect(idea.hidden).toBe(lastVisibility?.kind === "hidden" ? 1 : 0);
    const corrections = made.filter((r) => r.kind === "correct");
    if (corrections.length) expect(idea.title).toMatch(/^Corrected title \d+$/);
    // Every change made is an event, by the same moderator.
    expect(events.map((e) => e.actor).sort((a, b) => a - b)).toEqual(made.map((r) => r.moderator).sort((a, b) => a - b));
    expect(checkParticipationCounts()).toEqual([]);
  });
});
