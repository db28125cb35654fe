// Creating a staff account, shared by /hub/staff and `npm run khma -- staff:create`.
import crypto from "node:crypto";
import type { Role } from "~/domain/accounts";
import { recordAudit } from "~/models/audit.server";
import { INVITE_TTL_MS, issueResetCode } from "~/models/password-resets.server";
import { createUser, type User } from "~/models/users.server";
import { getT } from "~/utils/i18n.server";
import type { Language } from "~/utils/i18n";
import { notify } from "~/utils/notifier.server";
import { hashPassword } from "~/utils/password.server";

export type StaffInput = {
  displayName: string;
  email: string;
  role: Exclude<Role, "resident">;
  /** Who creates it: null from the command line. */
  actorId: number | null;
  language: Language;
  /** Where /reset is, for the invitation: e.g. https://khma.rustavi.ge */
  baseUrl: string;
  /** Set a password now instead of inviting the person to choose one. */
  password?: string;
};

/**
 * Creates the account and invites the person: a one-time code to choose a password goes to
 * their email through the outbox. Nobody, not even the admin, learns the password.
 * Returns null when the email is already in use.
 */
export async function createStaffAccount(input: StaffInput): Promise<{ user: User; inviteCode: string | null } | null> {
  const secret = input.password ?? crypto.randomBytes(32).toString("base64url");
  const user = createUser({
    displayName: input.displayName,
    identifier: { kind: "email", value: input.email },
    passwordHash: await hashPassword(secret),
    role: input.role,
    locale: input.language,
  });
  if (!user) return null;
  recordAudit({
    actorId: input.actorId,
    action: "staff.create",
    targetType: "user",
    targetId: user.id,
    details: { role: input.role, via: input.actorId === null ? "cli" : "hub" },
  });
  if (input.password) return { user, inviteCode: null };
  const code = issueResetCode(user.id, INVITE_TTL_MS);
  const t = getT(input.language);
  const ta = getT(input.language, "auth");
  notify({
    channel: "email",
    recipient: input.email,
    subject: ta("messages.inviteSubject"),
    body: ta("messages.inviteBody", {
      name: input.displayName,
      role: t(`roles.${input.role}`),
      url: new URL("/reset", input.baseUrl).toString(),
      code,
    }),
  });
  return { user, inviteCode: code };
}
