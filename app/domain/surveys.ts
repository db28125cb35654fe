// Surveys: the question types, what each question's settings hold, and the builder's forms.
// Pure: no database, no clock. Answers are checked in survey-answers.ts; published tables are
// protected in suppression.ts.
import { z } from "zod";
import type { Translated } from "./translated";
import { code, text } from "./validation";

export const QUESTION_TYPES = ["single", "multiple", "dropdown", "scale", "short", "long", "number", "date", "ranking", "matrix"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** Types whose answers are chosen from the question's options. */
export const CHOICE_TYPES: readonly QuestionType[] = ["single", "multiple", "dropdown"];
/** Types that can offer "Other, please say". */
export const OTHER_TYPES: readonly QuestionType[] = ["single", "multiple"];
/** Types whose answers are free text: never public until a moderator publishes chosen ones. */
export const TEXT_TYPES: readonly QuestionType[] = ["short", "long"];

export type QuestionSettings = {
  /** multiple: at most this many choices (null: any number). */
  maxChoices?: number | null;
  /** scale and matrix: 1–5 or 0–10, with labels for the two ends. */
  scale?: "1-5" | "0-10";
  minLabel?: Translated;
  maxLabel?: Translated;
  /** number: bounds, both included. */
  min?: number | null;
  max?: number | null;
  /** single and multiple: an "Other, please say" choice with a text box. */
  other?: boolean;
};

/** Show the question only when an earlier question's answer includes one of these options. */
export type Condition = { questionId: number; optionIds: number[] };

export type Option = { id: number; label: Translated; position: number };

export type Question = {
  id: number;
  sectionId: number;
  position: number;
  type: QuestionType;
  text: Translated;
  help: Translated;
  required: boolean;
  settings: QuestionSettings;
  condition: Condition | null;
  /** Choices (single, multiple, dropdown, ranking) or matrix rows, in order. */
  options: Option[];
};

export type Section = { id: number; title: Translated; position: number; questions: Question[] };

/** One question's answer, as stored: one row per chosen option, ranked item or matrix row. */
export type AnswerRow = { questionId: number; optionId: number | null; rowId: number | null; num: number | null; text: string | null };

/** A scale's points: 1..5 or 0..10. */
export function scalePoints(settings: QuestionSettings): number[] {
  return settings.scale === "0-10" ? Array.from({ length: 11 }, (_, i) => i) : [1, 2, 3, 4, 5];
}

export const AGE_BANDS = ["16-24", "25-34", "35-44", "45-54", "55-64", "65+"] as const;
export const GENDERS = ["female", "male", "other"] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export type Gender = (typeof GENDERS)[number];

export const SURVEY_LIMITS = { title: 160, description: 5000, question: 500, help: 1000, option: 200, options: 50, rows: 30, shortText: 200, longText: 5000, questions: 200 } as const;

// ─── The builder's forms ─────────────────────────────────────────────────────────────────

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

/** The options the builder's text boxes describe: one per non-empty Georgian line, with the same line in the other languages. */
export function optionsFromLines(options: QuestionForm["options"]): Translated[] {
  const ka = options?.ka ?? [];
  const result: Translated[] = [];
  ka.forEach((label, i) => {
    if (!label) return;
    const t: Translated = { ka: label };
    for (const l of ["en", "az", "ru"] as const) {
      const other = options?.[l]?.[i];
      if (other) t[l] = other;
    }
    result.push(t);
  });
  return result;
}

/** The settings a question of its type keeps from the builder's form. */
export function settingsFromForm(v: QuestionForm): QuestionSettings {
  const clean = (t: Translated | undefined) => Object.fromEntries(Object.entries(t ?? {}).filter(([, s]) => s)) as Translated;
  switch (v.type) {
    case "multiple":
      return { maxChoices: v.maxChoices ?? null, other: Boolean(v.other) };
    case "single":
      return { other: Boolean(v.other) };
    case "scale":
    case "matrix":
      return { scale: v.scale ?? "1-5", minLabel: clean(v.minLabel), maxLabel: clean(v.maxLabel) };
    case "number":
      return { min: v.min ?? null, max: v.max ?? null };
    default:
      return {};
  }
}

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
