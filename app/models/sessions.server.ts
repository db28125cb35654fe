import crypto from "node:crypto";
import { and, eq, gt, lt } from "drizzle-orm";
import { sessions, users } from "#db/schema";
import { getDb } from "~/utils/db.server";
import { userColumns, type User } from "./users.server";

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

// Only a hash of the token is stored: a copy of the database does not let anyone sign in.
function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("base64url");
}

export function createSession(userId: number, now = Date.now()): { token: string; expiresAt: Date } {
  const token = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(now + SESSION_TTL_MS);
  getDb().insert(sessions).values({ id: hashToken(token), userId, expiresAt }).run();
  return { token, expiresAt };
}

export function getSessionUser(token: string, now = Date.now()): User | undefined {
  return getDb()
    .select(userColumns)
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, hashToken(token)), gt(sessions.expiresAt, new Date(now))))
    .get();
}

export function revokeSession(token: string): void {
  getDb().delete(sessions).where(eq(sessions.id, hashToken(token))).run();
}

export function revokeUserSessions(userId: number): void {
  getDb().delete(sessions).where(eq(sessions.userId, userId)).run();
}

export function purgeExpiredSessions(now = Date.now()): number {
  return getDb().delete(sessions).where(lt(sessions.expiresAt, new Date(now))).run().changes;
}
