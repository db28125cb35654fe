// Verified residents (issue 7): one person, one vote where a round or survey asks for it. Two ways,
// both recorded in the audit log:
// - in person: a moderator at the hub sees an identity document and marks the account verified.
//   Only that it was checked, by whom and when is kept; never the personal number or the document.
// - by letter or SMS: staff make a batch of one-time codes; the city prints and sends them; a
//   resident enters theirs once at /me/verify. Only a hash of each code is stored.
import crypto from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import { parseIdentifier } from "~/domain/validation.server";
import { recordAudit } from "~/models/audit.server";
import { getDb } from "~/utils/db.server";

/** Crockford's base32: no I, L, O or U, so that a printed code cannot be misread. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** 12 characters of 5 bits: 60 bits, far beyond guessing at any rate the limits allow. */
const CODE_LENGTH = 12;
export const MAX_BATCH = 5000;

/** A new code, shown as XXXX-XXXX-XXXX. */
function newCode(): string {
  const bytes = crypto.randomBytes(CODE_LENGTH);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]).join("");
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** A code as typed: any case, spaces and dashes, and the letters people confuse with digits. */
export function normalizeCode(typed: string): string {
  return typed
    // ASCII letters only (codes are Crockford base32): never toUpperCase on text that may be Georgian.
    .replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 32))
    .replace(/[\s\-–—]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
}

const hashCode = (normalized: string) => crypto.createHash("sha256").update(normalized).digest("hex");

/** Makes `count` codes under a batch label; returns the plain codes, which are not kept. */
export function generateCodes(count: number, batch: string, actorId: number): string[] {
  return getDb().transaction((tx) => {
    const codes: string[] = [];
    while (codes.length < count) {
      const code = newCode();
      const inserted = tx.run(sql`insert or ignore into verification_codes (code_hash, batch, created_by) values (${hashCode(normalizeCode(code))}, ${batch}, ${actorId})`);
      if (inserted.changes) codes.push(code);
    }
    recordAudit({ actorId, action: "verification.codesMade", targetType: "verification", targetId: null, details: { batch, count } }, tx);
    return codes;
  });
}

export type Batch = { batch: string; codes: number; used: number; createdAt: number; createdBy: string | null };

export function listBatches(): Batch[] {
  return getDb().all<Batch>(sql`
    select c.batch, count(*) as codes, count(c.used_at) as used, min(c.created_at) as createdAt, min(u.display_name) as createdBy
    from verification_codes c left join users u on u.id = c.created_by
    group by c.batch order by min(c.created_at) desc`);
}

/**
 * A resident enters a code: "verified" when it is a code not used before (the code is used up and
 * the account verified, in one transaction), "already" when the account is verified already (the
 * code is left unused for someone else), "invalid" otherwise.
 */
export function redeemCode(userId: number, typed: string, now = Date.now()): "verified" | "already" | "invalid" {
  const normalized = normalizeCode(typed);
  if (normalized.length !== CODE_LENGTH || [...normalized].some((c) => !ALPHABET.includes(c))) return "invalid";
  return getDb().transaction((tx) => {
    const user = tx.get<{ verifiedAt: number | null; role: string; deletedAt: number | null }>(sql`select verified_at as verifiedAt, role, deleted_at as deletedAt from users where id = ${userId}`);
    // Staff accounts are not residents: a code is for a resident's account.
    if (!user || user.deletedAt !== null || user.role !== "resident") return "invalid";
    if (user.verifiedAt !== null) return "already";
    const used = tx.run(sql`update verification_codes set used_at = ${now} where code_hash = ${hashCode(normalized)} and used_at is null`);
    if (used.changes === 0) return "invalid";
    tx.run(sql`update users set verified_at = ${now} where id = ${userId}`);
    recordAudit({ actorId: userId, action: "user.verified", targetType: "user", targetId: userId, details: { method: "code" } }, tx);
    return "verified";
  });
}

/** A moderator saw an identity document: the account is verified (or, with `verified` false, no longer). */
export function setVerified(userId: number, verified: boolean, actorId: number, now = Date.now()): boolean {
  return getDb().transaction((tx) => {
    const changed = tx.run(
      verified
        ? sql`update users set verified_at = ${now} where id = ${userId} and role = 'resident' and deleted_at is null and verified_at is null`
        : sql`update users set verified_at = null where id = ${userId} and verified_at is not null`,
    ).changes;
    if (changed) recordAudit({ actorId, action: verified ? "user.verified" : "user.unverified", targetType: "user", targetId: userId, details: verified ? { method: "in-person" } : {} }, tx);
    return changed > 0;
  });
}

export type Resident = { id: number; displayName: string; email: string | null; phone: string | null; district: string | null; createdAt: number; verifiedAt: number | null };

/** The resident account with exactly this email or phone (not deleted), for the hub's desk. */
/** A resident account (not deleted) matching `where` (alias u), with its district's name. */
function resident(where: SQL): Resident | undefined {
  return getDb().get<Resident>(sql`
    select u.id, u.display_name as displayName, u.email, u.phone, d.name as district, u.created_at as createdAt, u.verified_at as verifiedAt
    from users u left join districts d on d.id = u.district_id
    where ${where} and u.role = 'resident' and u.deleted_at is null`);
}

export function findResident(typed: string): Resident | undefined {
  const identifier = parseIdentifier(typed);
  if (!identifier) return undefined;
  return resident(identifier.kind === "email" ? sql`u.email = ${identifier.value}` : sql`u.phone = ${identifier.value}`);
}

export function getResident(id: number): Resident | undefined {
  return resident(sql`u.id = ${id}`);
}
