// The survey builder's forms (a survey's settings, a question) and the "about you" answers,
// as zod schemas. Server only: the actions check them. Question types and limits are in surveys.ts.
import { z } from "zod";
import { AGE_BANDS, CHOICE_TYPES, GENDERS, QUESTION_TYPES, SURVEY_LIMITS } from "./surveys";
import { code } from "./validation";
import { text } from "./validation.server";

const optionalText = (max: number) => text({ max }).optional();
const translated = (max: number, required: boolean) =>
  z.object({ ka: required ? text({ min: 1, max }) : optionalText(max), en: optionalText(max), az: optionalText(max), ru: optionalText(max) });

const localTime = z.string({ error: (iss) => (iss.input === undefined ? code("required") : code("invalid")) }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: code("dateTime") });

export const surveySettingsSchema = z
  .object({
    title: translated(SURVEY_LIMITS.title, true),
    description: translated(SURVEY_LIMITS.description, false),
    opensAt: localTime,
    closesAt: localTime,
    audience: z.enum(["anyone", "residents", "verified"], { error: code("choose") }),
    anonymous: z.literal("on").optional(),
    onePerPerson: z.literal("on").optional(),
    demographics: z.literal("on").optional(),
    publicCrosstabs: z.literal("on").optional(),
  })
  .superRefine((v, ctx) => {
    if (v.closesAt <= v.opensAt) ctx.addIssue({ code: "custom", path: ["closesAt"], message: code("closesBeforeOpens") });
  });
export type SurveySettingsFields = z.input<typeof surveySettingsSchema>;

const number = z
  .string()
  .transform((s) => s.trim().replace(",", "."))
  .refine((s) => /^-?\d{1,12}(\.\d{1,6})?$/.test(s), { error: code("number") })
  .transform(Number);

/** Options are typed one per line, in each language; line n in every language is the same option. */
const lines = (max: number) =>
  z
    .string()
    .max(max * 60)
    .transform((s) => s.split(/\r?\n/).map((l) => l.normalize("NFC").trim()))
    .optional();

export const questionSchema = z
  .object({
    type: z.enum(QUESTION_TYPES, { error: code("choose") }),
    text: translated(SURVEY_LIMITS.question, true),
    help: translated(SURVEY_LIMITS.help, false),
    required: z.literal("on").optional(),
    options: z.object({ ka: lines(SURVEY_LIMITS.options), en: lines(SURVEY_LIMITS.options), az: lines(SURVEY_LIMITS.options), ru: lines(SURVEY_LIMITS.options) }).optional(),
    maxChoices: z.string().regex(/^[1-9]\d{0,2}$/, { error: code("wholeNumber") }).transform(Number).optional(),
    scale: z.enum(["1-5", "0-10"]).optional(),
    minLabel: translated(SURVEY_LIMITS.option, false).optional(),
    maxLabel: translated(SURVEY_LIMITS.option, false).optional(),
    min: number.optional(),
    max: number.optional(),
    other: z.literal("on").optional(),
    conditionQuestion: z.string().regex(/^[1-9]\d{0,9}$/).transform(Number).optional(),
    conditionOptions: z.array(z.string().regex(/^[1-9]\d{0,9}$/).transform(Number)).max(50).optional(),
  })
  .superRefine((v, ctx) => {
    // This runs even when a field failed its own check; such a field is still the raw text, not lines.
    const lines = (l: "ka" | "en" | "az" | "ru"): string[] => {
      const value: unknown = v.options?.[l];
      return Array.isArray(value) ? (value as string[]) : [];
    };
    const needsOptions = [...CHOICE_TYPES, "ranking", "matrix"].includes(v.type);
    const georgian = lines("ka").filter(Boolean);
    if (needsOptions && georgian.length < (v.type === "matrix" ? 1 : 2)) ctx.addIssue({ code: "custom", path: ["options", "ka"], message: code(v.type === "matrix" ? "rowsRequired" : "optionsRequired") });
    if (georgian.length > (v.type === "matrix" ? SURVEY_LIMITS.rows : SURVEY_LIMITS.options)) ctx.addIssue({ code: "custom", path: ["options", "ka"], message: code("tooMany", v.type === "matrix" ? SURVEY_LIMITS.rows : SURVEY_LIMITS.options) });
    for (const l of ["ka", "en", "az", "ru"] as const) {
      if (lines(l).some((line) => line.length > SURVEY_LIMITS.option)) ctx.addIssue({ code: "custom", path: ["options", l], message: code("tooLong", SURVEY_LIMITS.option) });
    }
    if (v.min !== undefined && v.max !== undefined && v.max < v.min) ctx.addIssue({ code: "custom", path: ["max"], message: code("maxBelowMin") });
    if (v.conditionQuestion !== undefined && !v.conditionOptions?.length) ctx.addIssue({ code: "custom", path: ["conditionOptions"], message: code("chooseConditionValues") });
  });
export type QuestionFields = z.input<typeof questionSchema>;
export type QuestionForm = z.output<typeof questionSchema>;

const demographicsSchema = z.object({
  ageBand: z.enum(AGE_BANDS).optional().catch(undefined),
  gender: z.enum(GENDERS).optional().catch(undefined),
  district: z.string().regex(/^[1-9]\d{0,9}$/).transform(Number).optional().catch(undefined),
});

/** The "about you" answers from a form; anything that is not one of the choices counts as skipped. */
export function readDemographics(get: (name: string) => unknown, districtIds: readonly number[]): { ageBand: string | null; gender: string | null; districtId: number | null } {
  const v = demographicsSchema.parse({ ageBand: get("ageBand") || undefined, gender: get("gender") || undefined, district: get("district") || undefined });
  return { ageBand: v.ageBand ?? null, gender: v.gender ?? null, districtId: v.district && districtIds.includes(v.district) ? v.district : null };
}
