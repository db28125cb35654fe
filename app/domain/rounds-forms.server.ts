// The forms staff fill in for a voting round: its settings and its options. Server only: the
// actions check them. The rules they feed (methods, limits, times) are in rounds.ts.
import { z } from "zod";
import { LOCAL_TIME, METHODS, ROUND_LIMITS } from "./rounds";
import { code } from "./validation";
import { text } from "./validation.server";

const optionalText = (max: number) => text({ max }).optional();
const translated = (max: number, required: boolean) =>
  z.object({ ka: required ? text({ min: 2, max }) : optionalText(max), en: optionalText(max), az: optionalText(max), ru: optionalText(max) });

/** A whole number typed by a person: spaces and separators between digits are allowed ("500 000"). */
const whole = (min: number, max: number) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? code("required") : code("invalid")) })
    .transform((s) => s.replace(/[\s\u00a0\u202f,.']/g, ""))
    .refine((s) => /^\d{1,15}$/.test(s), { error: code("wholeNumber") })
    .transform(Number)
    .refine((n) => n >= min, { error: code("atLeast", min) })
    .refine((n) => n <= max, { error: code("atMost", max) });

const localTime = z.string({ error: (iss) => (iss.input === undefined ? code("required") : code("invalid")) }).regex(LOCAL_TIME, { error: code("dateTime") });

export const roundSettingsSchema = z
  .object({
    title: translated(ROUND_LIMITS.title, true),
    description: translated(ROUND_LIMITS.description, false),
    method: z.enum(METHODS, { error: code("choose") }),
    maxChoices: whole(1, ROUND_LIMITS.maxChoices).optional(),
    pointsTotal: whole(1, ROUND_LIMITS.points).optional(),
    pointsPerOption: whole(1, ROUND_LIMITS.points).optional(),
    budget: whole(1, ROUND_LIMITS.money).optional(),
    budgetRule: z.enum(["greedy", "mes"], { error: code("choose") }).optional(),
    opensAt: localTime,
    closesAt: localTime,
    eligibility: z.enum(["residents", "verified", "districts"], { error: code("choose") }),
    districts: z.array(z.string().regex(/^[1-9]\d{0,9}$/).transform(Number)).max(100).optional(),
    resultsShown: z.enum(["live", "after"], { error: code("choose") }),
  })
  .superRefine((v, ctx) => {
    const need = (path: string, ok: unknown, message = code("required")) => {
      if (!ok) ctx.addIssue({ code: "custom", path: [path], message });
    };
    if (v.method === "approval" || v.method === "ranked") need("maxChoices", v.maxChoices !== undefined);
    if (v.method === "points") {
      need("pointsTotal", v.pointsTotal !== undefined);
      if (v.pointsTotal && v.pointsPerOption && v.pointsPerOption > v.pointsTotal) need("pointsPerOption", false, code("atMost", v.pointsTotal));
    }
    if (v.method === "budget") {
      need("budget", v.budget !== undefined);
      need("budgetRule", v.budgetRule, code("choose"));
    }
    if (v.eligibility === "districts") need("districts", v.districts?.length, code("chooseDistricts"));
    if (v.opensAt && v.closesAt && v.closesAt <= v.opensAt) need("closesAt", false, code("closesBeforeOpens"));
  });
export type RoundSettingsFields = z.input<typeof roundSettingsSchema>;
export type RoundSettings = z.output<typeof roundSettingsSchema>;

const ideaList = z
  .string()
  .max(400)
  .transform((s) => s.split(/[\s,;#]+/).filter(Boolean))
  .refine((ids) => ids.every((id) => /^[1-9]\d{0,9}$/.test(id)), { error: code("ideaNumbers") })
  .transform((ids) => [...new Set(ids.map(Number))])
  .refine((ids) => ids.length <= ROUND_LIMITS.ideas, { error: code("tooMany", ROUND_LIMITS.ideas) });

export const optionSchema = z.object({
  title: translated(ROUND_LIMITS.optionTitle, true),
  description: translated(ROUND_LIMITS.optionDescription, false),
  cost: whole(0, ROUND_LIMITS.money).optional(),
  goalId: z.string().regex(/^[1-9]\d{0,9}$/, { error: code("invalid") }).transform(Number).optional(),
  ideas: ideaList.optional(),
});
export type OptionFields = z.input<typeof optionSchema>;
