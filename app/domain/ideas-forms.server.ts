// The forms about ideas: a new idea, a correction, a comment, a report, a status change, and the
// list's query string. Server only: the actions and loaders check them.
import { z } from "zod";
import { IDEA_STATUSES, LIMITS, LISTED_STATUSES, needsAnswer, REJECT_REASONS, REPORT_REASONS, type IdeaStatus } from "./ideas";
import { code } from "./validation";
import { checkbox, text } from "./validation.server";

// A choice from a list: conform turns the empty "Choose…" option into undefined.
const id = z
  .string({ error: (iss) => (iss.input === undefined ? code("required") : code("invalid")) })
  .regex(/^[1-9]\d{0,9}$/, { error: code("invalid") })
  .transform(Number);

export const ideaSchema = z.object({
  title: text({ min: 5, max: LIMITS.title }),
  description: text({ min: 20, max: LIMITS.description }),
  goalId: id,
  districtId: id,
  consent: checkbox,
});
export type IdeaFields = z.input<typeof ideaSchema>;

export const correctionSchema = z.object({
  title: text({ min: 5, max: LIMITS.title }),
  description: text({ min: 20, max: LIMITS.description }),
  reason: text({ min: 3, max: LIMITS.note }),
});
export type CorrectionFields = z.input<typeof correctionSchema>;

/** The author's edit after changes were asked for: the same rules as a new idea, without photo and consent. */
export const resubmitSchema = ideaSchema.omit({ consent: true });
export type ResubmitFields = z.input<typeof resubmitSchema>;

export const commentSchema = z.object({
  body: text({ min: 2, max: LIMITS.comment }),
  parentId: id.optional(),
});
export type CommentFields = z.input<typeof commentSchema>;

export const reportSchema = z.object({
  reason: z.enum(REPORT_REASONS, { error: code("reportReason") }),
});

export const statusChangeSchema = z
  .object({
    to: z.enum(IDEA_STATUSES, { error: code("invalid") }),
    answer: text({ max: LIMITS.answer }).optional(),
    note: text({ max: LIMITS.note }).optional(),
    reason: z.enum(REJECT_REASONS, { error: code("rejectReason") }).optional(),
  })
  .superRefine((value, ctx) => {
    if (needsAnswer(value.to) && !value.answer) ctx.addIssue({ code: "custom", path: ["answer"], message: code("answerRequired") });
    if (value.to === "rejected" && !value.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: code("rejectReason") });
    if (value.to === "changes_requested" && !value.note) ctx.addIssue({ code: "custom", path: ["note"], message: code("noteRequired") });
  });
export type StatusChangeFields = z.input<typeof statusChangeSchema>;

/** The list's query string: filters, sort, search and page, all optional, all checked. */
export const listQuerySchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  district: z.coerce.number().int().positive().optional().catch(undefined),
  goal: z.coerce.number().int().positive().optional().catch(undefined),
  status: z.enum(LISTED_STATUSES as [IdeaStatus, ...IdeaStatus[]]).optional().catch(undefined),
  sort: z.enum(["new", "supported", "discussed"]).catch("new").default("new"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export type ListQuery = z.infer<typeof listQuerySchema>;
