// The field rules every form shares, as zod schemas. Server only: the actions check the forms,
// and the .server name keeps zod out of the browser. Messages are codes (see validation.ts).
import { z } from "zod";
import { code, LIMITS, type Identifier } from "./validation";

const CONTROL = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/u;
const NAME = /^[\p{L}\p{M}][\p{L}\p{M} .'’-]*$/u;
// A letter may carry a mark or two; more stacked marks are decoration, not a name.
const STACKED_MARKS = /\p{M}{3,}/u;
const GEORGIAN_MOBILE = /^(?:995)?(5\d{8})$/;

/** A text field: required, trimmed, NFC, no control characters, within limits. */
export function text(opts: { min?: number; max: number; required?: boolean }) {
  const base = z
    .string({ error: (iss) => (iss.input === undefined ? code("required") : code("invalid")) })
    .max(opts.max * 4, { error: code("tooLong", opts.max) })
    .transform((s) => s.normalize("NFC").trim())
    .refine((s) => !CONTROL.test(s), { error: code("controlCharacters") })
    .refine((s) => s.length <= opts.max, { error: code("tooLong", opts.max) });
  return opts.min ? base.refine((s) => s.length >= opts.min!, { error: code("tooShort", opts.min) }) : base;
}

export const displayName = text({ min: LIMITS.nameMin, max: LIMITS.nameMax })
  .transform((s) => s.replace(/\s+/g, " "))
  .refine((s) => NAME.test(s), { error: code("nameCharacters") })
  .refine((s) => !STACKED_MARKS.test(s), { error: code("nameCharacters") });

/** An e-mail address or a Georgian mobile number (+995 5XX XXX XXX), normalised. */
export function parseIdentifier(raw: string): Identifier | null {
  const s = raw.normalize("NFC").trim();
  if (s.includes("@")) {
    const email = s.toLowerCase();
    return z.email().safeParse(email).success && email.length <= LIMITS.identifierMax
      ? { kind: "email", value: email }
      : null;
  }
  const digits = s.replace(/^\+/, "").replace(/[\s().-]/g, "");
  const match = GEORGIAN_MOBILE.exec(digits);
  return match ? { kind: "phone", value: `+995${match[1]}` } : null;
}

export const identifier = text({ max: LIMITS.identifierMax }).transform((s, ctx) => {
  const parsed = parseIdentifier(s);
  if (!parsed) {
    ctx.addIssue({ code: "custom", message: code(s.includes("@") ? "email" : "identifier") });
    return z.NEVER;
  }
  return parsed;
});

export const newPassword = z
  .string({ error: (iss) => (iss.input === undefined ? code("required") : code("invalid")) })
  .min(LIMITS.passwordMin, { error: code("passwordTooShort", LIMITS.passwordMin) })
  .max(LIMITS.passwordMax, { error: code("tooLong", LIMITS.passwordMax) })
  .refine((s) => !CONTROL.test(s), { error: code("controlCharacters") })
  .refine((s) => s.trim().length > 0, { error: code("required") });

/** A password being checked, not chosen: only its size is limited, so old passwords still work. */
export const currentPassword = z
  .string({ error: (iss) => (iss.input === undefined ? code("required") : code("invalid")) })
  .max(LIMITS.passwordMax, { error: code("tooLong", LIMITS.passwordMax) });

export const checkbox = z.literal("on", { error: code("consentRequired") });
