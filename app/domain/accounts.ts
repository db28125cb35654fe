// The forms of the account pages. Shared by the routes (server) and their tests.
import { z } from "zod";
import { checkbox, code, currentPassword, displayName, identifier, newPassword, text } from "./validation";

export const ROLES = ["resident", "moderator", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES = ["moderator", "admin"] as const;

export function isStaff(role: Role | undefined): boolean {
  return role === "moderator" || role === "admin";
}

export const registerSchema = z.object({
  displayName,
  identifier,
  password: newPassword,
  consent: checkbox,
});

export const loginSchema = z.object({
  identifier,
  password: currentPassword,
  redirectTo: z.string().max(2000).optional(),
});

export const resetRequestSchema = z.object({
  intent: z.literal("request"),
  identifier,
});

export const resetCompleteSchema = z.object({
  intent: z.literal("complete"),
  identifier,
  code: text({ max: 20 }).refine((s) => /^\d{6}$/.test(s.replace(/\s/g, "")), { error: code("resetCode") })
    .transform((s) => s.replace(/\s/g, "")),
  password: newPassword,
});

export type RegisterFields = z.input<typeof registerSchema>;
export type LoginFields = z.input<typeof loginSchema>;
export type ResetRequestFields = z.input<typeof resetRequestSchema>;
export type ResetCompleteFields = z.input<typeof resetCompleteSchema>;

export const staffCreateSchema = z.object({
  displayName,
  email: text({ max: 254 })
    .transform((s) => s.toLowerCase())
    .refine((s) => z.email().safeParse(s).success, { error: code("email") }),
  role: z.enum(STAFF_ROLES, { error: code("role") }),
});

export type StaffCreateFields = z.input<typeof staffCreateSchema>;

/**
 * Where to go after signing in. Only a path on this site: anything that could leave it
 * ("//evil.example", "https://…", "/\\evil") falls back to the home page. So does anything but
 * printable ASCII: a path the app makes is percent-encoded, and a Location header cannot carry
 * other characters (redirect() throws on them, which was a 500).
 */
export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || /[^\x21-\x7e]|\\/.test(to)) {
    return fallback;
  }
  return to;
}
