import crypto from "node:crypto";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { passwordResets } from "#db/schema";
import { getDb } from "~/utils/db.server";

export const RESET_TTL_MS = 15 * 60 * 1000;
export const INVITE_TTL_MS = 72 * 60 * 60 * 1000;
export const MAX_CODE_ATTEMPTS = 5;

function hashCode(userId: number, code: string): string {
  return crypto.createHash("sha256").update(`${userId}:${code}`).digest("base64url");
}

/** Issues a fresh six-digit code; any earlier unused code of the account stops working. */
export function issueResetCode(userId: number, ttlMs = RESET_TTL_MS, now = Date.now()): string {
  const code = crypto.randomInt(0, 1_000_000).toString().padStart(6, "0");
  const db = getDb();
  db.transaction((tx) => {
    tx.update(passwordResets)
      .set({ usedAt: new Date(now) })
      .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)))
      .run();
    tx.insert(passwordResets)
      .values({ userId, codeHash: hashCode(userId, code), expiresAt: new Date(now + ttlMs) })
      .run();
  });
  return code;
}

/**
 * Uses a code once. Wrong guesses count against the code; after five it is void.
 * Returns true only for the live code of the account, and marks it used.
 */
export function redeemResetCode(userId: number, code: string, now = Date.now()): boolean {
  const db = getDb();
  return db.transaction((tx) => {
    const live = tx
      .select({ id: passwordResets.id, codeHash: passwordResets.codeHash, attempts: passwordResets.attempts })
      .from(passwordResets)
      .where(
        and(
          eq(passwordResets.userId, userId),
          isNull(passwordResets.usedAt),
          gt(passwordResets.expiresAt, new Date(now)),
        ),
      )
      .orderBy(desc(passwordResets.id))
      .get();
    if (!live || live.attempts >= MAX_CODE_ATTEMPTS) return false;
    const expected = Buffer.from(live.codeHash);
    const given = Buffer.from(hashCode(userId, code));
    if (expected.length === given.length && crypto.timingSafeEqual(expected, given)) {
      tx.update(passwordResets).set({ usedAt: new Date(now) }).where(eq(passwordResets.id, live.id)).run();
      return true;
    }
    tx.update(passwordResets)
      .set({ attempts: live.attempts + 1 })
      .where(eq(passwordResets.id, live.id))
      .run();
    return false;
  });
}
