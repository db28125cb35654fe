// The forms of the account pages. Shared by the routes' actions and their tests.
import { z } from "zod";
import { STAFF_ROLES } from "./accounts";
import { code } from "./validation";
import { checkbox, currentPassword, displayName, identifier, newPassword, text } from "./validation.server";

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
