import { desc } from "drizzle-orm";
import { auditLog } from "#db/schema";
import { getDb } from "~/utils/db.server";

export function recordAudit(entry: {
  actorId: number | null;
  action: string;
  targetType: string;
  targetId?: string | number | null;
  details?: Record<string, unknown>;
}): void {
  getDb()
    .insert(auditLog)
    .values({ ...entry, targetId: entry.targetId == null ? null : String(entry.targetId) })
    .run();
}

export function listAudit({ limit = 100 } = {}) {
  return getDb().select().from(auditLog).orderBy(desc(auditLog.id)).limit(limit).all();
}
