import { asc, count, eq, inArray } from "drizzle-orm";
import { consents, users } from "#db/schema";
import type { Identifier } from "~/domain/validation";
import type { Role } from "~/domain/accounts";
import { getDb } from "~/utils/db.server";

export type User = {
  id: number;
  displayName: string;
  email: string | null;
  phone: string | null;
  role: Role;
  locale: string;
  districtId: number | null;
  verifiedAt: Date | null;
};

export const userColumns = {
  id: users.id,
  displayName: users.displayName,
  email: users.email,
  phone: users.phone,
  role: users.role,
  locale: users.locale,
  districtId: users.districtId,
  verifiedAt: users.verifiedAt,
};

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "SQLITE_CONSTRAINT_UNIQUE";
}

/** Creates an account; returns null when the e-mail or phone is already taken. */
export function createUser(input: {
  displayName: string;
  identifier: Identifier;
  passwordHash: string;
  role?: Role;
  locale?: string;
  /** Recorded in the same transaction: no account without its consent, no consent without its account. */
  consent?: { kind: string; version: string };
}): User | null {
  try {
    return getDb().transaction((tx) => {
      const user = tx
      .insert(users)
      .values({
        displayName: input.displayName,
        email: input.identifier.kind === "email" ? input.identifier.value : null,
        phone: input.identifier.kind === "phone" ? input.identifier.value : null,
        passwordHash: input.passwordHash,
        role: input.role ?? "resident",
        locale: input.locale ?? "ka",
      })
      .returning(userColumns)
      .get();
      if (input.consent) tx.insert(consents).values({ userId: user.id, ...input.consent }).run();
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

export function getUserById(id: number): User | undefined {
  return getDb().select(userColumns).from(users).where(eq(users.id, id)).get();
}

export function findUserForLogin(identifier: Identifier): (User & { passwordHash: string }) | undefined {
  const column = identifier.kind === "email" ? users.email : users.phone;
  return getDb()
    .select({ ...userColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(column, identifier.value))
    .get();
}

/** The account's password hash, to confirm who is asking (deleting an account). */
export function findPasswordHash(userId: number): string | undefined {
  return getDb().select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId)).get()?.hash;
}

export function setPasswordHash(userId: number, passwordHash: string): void {
  getDb().update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
}

export function setRole(userId: number, role: Role): void {
  getDb().update(users).set({ role }).where(eq(users.id, userId)).run();
}

export function listStaff(): User[] {
  return getDb()
    .select(userColumns)
    .from(users)
    .where(inArray(users.role, ["moderator", "admin"]))
    .orderBy(asc(users.displayName))
    .all();
}

export function countUsers(): number {
  return getDb().select({ n: count() }).from(users).get()?.n ?? 0;
}

export function getAccountSince(userId: number): Date {
  const row = getDb().select({ createdAt: users.createdAt }).from(users).where(eq(users.id, userId)).get();
  return row?.createdAt ?? new Date(0);
}
