// Seeds an empty database with a municipality. Runs at start-up and from `npm run khma -- seed`.
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { hashPassword } from "~/utils/password.server";
import * as schema from "../schema";
import * as rustavi from "./rustavi";

type Db = BetterSQLite3Database<typeof schema>;

/**
 * Returns true when it seeded, false when the database already had a municipality.
 * `demoIdeas` adds a few ideas by the demo residents (for `npm start`, not for tests).
 */
export async function seedIfEmpty(db: Db, { demoAccounts, demoIdeas = false }: { demoAccounts: boolean; demoIdeas?: boolean }): Promise<boolean> {
  if (db.select({ id: schema.municipality.id }).from(schema.municipality).get()) return false;
  // Hash before the transaction: better-sqlite3 transactions are synchronous.
  const accounts = demoAccounts
    ? await Promise.all(rustavi.demoAccounts.map(async (a) => ({ ...a, passwordHash: await hashPassword(a.password) })))
    : [];
  return db.transaction((tx) => {
    if (tx.select({ id: schema.municipality.id }).from(schema.municipality).get()) return false;
    tx.insert(schema.municipality).values(rustavi.municipality).run();
    const districtIds = new Map<string, number>();
    rustavi.districts.forEach((d, position) => {
      const { id } = tx.insert(schema.districts).values({ ...d, position }).returning({ id: schema.districts.id }).get();
      districtIds.set(d.slug, id);
    });
    rustavi.goals.forEach((g, position) => tx.insert(schema.goals).values({ ...g, position }).run());
    const userIds = new Map<string, number>();
    for (const a of accounts) {
      const { id } = tx.insert(schema.users)
        .values({
          displayName: a.displayName,
          email: "email" in a ? a.email : null,
          phone: "phone" in a ? a.phone : null,
          passwordHash: a.passwordHash,
          role: a.role,
          districtId: a.district ? districtIds.get(a.district) : null,
        })
        .returning({ id: schema.users.id })
        .get();
      userIds.set("email" in a ? a.email : a.phone, id);
    }
    if (demoAccounts && demoIdeas) {
      const goalIds = new Map(tx.select({ id: schema.goals.id, slug: schema.goals.slug }).from(schema.goals).all().map((g) => [g.slug, g.id]));
      const moderatorId = userIds.get("moderator@khma.test") ?? null;
      for (const idea of rustavi.demoIdeas) {
        const authorId = userIds.get(idea.author)!;
        const { id } = tx
          .insert(schema.ideas)
          .values({
            authorId,
            title: idea.title,
            description: idea.description,
            goalId: goalIds.get(idea.goal)!,
            districtId: districtIds.get(idea.district)!,
            status: idea.status,
            publishedAt: new Date(),
          })
          .returning({ id: schema.ideas.id })
          .get();
        tx.insert(schema.ideaEvents).values({ ideaId: id, actorId: authorId, kind: "status", toStatus: "submitted" }).run();
        tx.insert(schema.ideaEvents).values({ ideaId: id, actorId: moderatorId, kind: "status", fromStatus: "submitted", toStatus: "published" }).run();
        if (idea.status !== "published") {
          tx.insert(schema.ideaEvents).values({ ideaId: id, actorId: moderatorId, kind: "status", fromStatus: "published", toStatus: idea.status, answer: idea.answer }).run();
        }
        for (const supporter of idea.supporters) {
          tx.insert(schema.supports).values({ ideaId: id, userId: userIds.get(supporter)! }).run();
        }
      }
    }
    return true;
  });
}
