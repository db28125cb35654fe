// Seeds an empty database with a municipality. Runs at start-up and from `npm run khma -- seed`.
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { hashPassword } from "~/utils/password.server";
import * as schema from "../schema";
import * as rustavi from "./rustavi";

type Db = BetterSQLite3Database<typeof schema>;

/** Returns true when it seeded, false when the database already had a municipality. */
export async function seedIfEmpty(db: Db, { demoAccounts }: { demoAccounts: boolean }): Promise<boolean> {
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
    for (const a of accounts) {
      tx.insert(schema.users)
        .values({
          displayName: a.displayName,
          email: "email" in a ? a.email : null,
          phone: "phone" in a ? a.phone : null,
          passwordHash: a.passwordHash,
          role: a.role,
          districtId: a.district ? districtIds.get(a.district) : null,
        })
        .run();
    }
    return true;
  });
}
