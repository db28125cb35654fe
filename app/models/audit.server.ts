import { desc, eq } from "drizzle-orm";
import { auditLog, users } from "#db/schema";
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
  return getDb()
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      details: auditLog.details,
      actorId: auditLog.actorId,
      actorName: users.displayName,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .all();
}
