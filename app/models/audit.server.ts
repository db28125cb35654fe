import { desc } from "drizzle-orm";
import { auditLog } from "#db/schema";
import { getDb } from "~/utils/db.server";

type Tx = Pick<ReturnType<typeof getDb>, "insert">;

/** Appends to the audit log; pass the transaction when the action itself is in one. */
export function recordAudit(
  entry: {
    actorId: number | null;
    action: string;
    targetType: string;
    targetId?: string | number | null;
    details?: Record<string, unknown>;
  },
  tx: Tx = getDb(),
): void {
  tx.insert(auditLog)
    .values({ ...entry, targetId: entry.targetId == null ? null : String(entry.targetId) })
    .run();
}

export function listAudit({ limit = 100 } = {}) {
  return getDb().select().from(auditLog).orderBy(desc(auditLog.id)).limit(limit).all();
}
