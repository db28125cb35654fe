// The seed's demo accounts, signed in: their ids and a Cookie header for each.
import { eq, or } from "drizzle-orm";
import { users } from "#db/schema";
import { getDb } from "~/utils/db.server";
import { sessionCookieFor } from "./requests";

export const DEMO = {
  nino: "nino@khma.test",
  irina: "irina@khma.test",
  elvin: "+995555000101",
  moderator: "moderator@khma.test",
  admin: "admin@khma.test",
} as const;
export type DemoName = keyof typeof DEMO;

export async function signedInDemo(): Promise<{ ids: Record<DemoName, number>; cookies: Record<DemoName, string> }> {
  const ids = {} as Record<DemoName, number>;
  const cookies = {} as Record<DemoName, string>;
  for (const name of Object.keys(DEMO) as DemoName[]) {
    const login = DEMO[name];
    const row = getDb().select({ id: users.id }).from(users).where(or(eq(users.email, login), eq(users.phone, login))).get();
    if (!row) throw new Error(`no demo account ${login}`);
    ids[name] = row.id;
    cookies[name] = await sessionCookieFor(row.id);
  }
  return { ids, cookies };
}
