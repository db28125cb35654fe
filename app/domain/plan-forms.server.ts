// The plan's forms: a measure, a progress report, and a link from residents' input to the plan.
import { z } from "zod";
import { isDay, MEASURE_STATUS_LIST } from "./plan";
import { code } from "./validation";
import { text } from "./validation.server";

const optional = (max: number) => text({ max }).optional();
const translated = (max: number, required: boolean) => z.object({ ka: required ? text({ min: 2, max }) : optional(max), en: optional(max), az: optional(max), ru: optional(max) });

const day = z.string().refine(isDay, { error: code("date") }).optional();

const percent = z
  .string({ error: code("required") })
  .regex(/^\d{1,3}$/, { error: code("wholeNumber") })
  .transform(Number)
  .refine((n) => n <= 100, { error: code("atMost", 100) });

export const measureSchema = z
  .object({
    title: translated(200, true),
    description: translated(5000, false),
    department: translated(200, false),
    status: z.enum(MEASURE_STATUS_LIST, { error: code("choose") }),
    progress: percent,
    startsOn: day,
    endsOn: day,
  })
  .superRefine((v, ctx) => {
    if (v.startsOn && v.endsOn && isDay(v.startsOn) && isDay(v.endsOn) && v.endsOn < v.startsOn) ctx.addIssue({ code: "custom", path: ["endsOn"], message: code("endsBeforeStarts") });
  });
export type MeasureFields = z.input<typeof measureSchema>;

export const progressSchema = z.object({
  body: translated(3000, true),
  status: z.enum(MEASURE_STATUS_LIST, { error: code("choose") }),
  progress: percent,
});
export type ProgressFields = z.input<typeof progressSchema>;

export const linkSchema = z.object({
  kind: z.enum(["idea", "option", "question"], { error: code("choose") }),
  targetId: z.string({ error: code("required") }).regex(/^#?[1-9]\d{0,9}$/, { error: code("invalid") }).transform((s) => Number(s.replace("#", ""))),
  measureId: z.string().regex(/^[1-9]\d{0,9}$/).transform(Number).optional(),
});
