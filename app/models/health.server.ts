import { sql } from "drizzle-orm";
import { getDb } from "~/utils/db.server";

export function checkDatabase(): void {
  getDb().get(sql`select 1`);
}
