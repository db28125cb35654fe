// Surveys: the question types, what each question's settings hold, and what the builder's forms
// make of them. Pure: no database, no clock. The forms themselves are zod schemas in
// surveys-forms.server.ts; answers are checked in survey-answers.ts; published tables are
// protected in suppression.ts.
import type { QuestionForm } from "./surveys-forms.server";
import type { Translated } from "./translated";

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
