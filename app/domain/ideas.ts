// The life of an idea: who may move it where, what must be said at each step, and how
// duplicates merge. Pure: no database, no clock. The forms about ideas are in ideas-forms.server.ts.

export const IDEA_STATUSES = [
  "submitted",
  "changes_requested",
  "rejected",
  "published",
  "under_review",
  "accepted",
  "not_feasible",
  "not_municipal",
  "in_progress",
  "implemented",
  "merged",
] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];

/** Statuses only the author and the moderators see: before publication, or rejected. */
const PRIVATE_STATUSES: readonly IdeaStatus[] = ["submitted", "changes_requested", "rejected"];

/** Statuses the public can see. */
export const PUBLIC_STATUSES = IDEA_STATUSES.filter((s) => !PRIVATE_STATUSES.includes(s));

/** The statuses a resident can filter the list by. */
export const LISTED_STATUSES = PUBLIC_STATUSES.filter((s) => s !== "merged");

const TRANSITIONS: Record<IdeaStatus, readonly IdeaStatus[]> = {
  submitted: ["published", "changes_requested", "rejected"],
  changes_requested: ["submitted", "rejected"],
  rejected: ["published"],
  published: ["under_review", "accepted", "not_feasible", "not_municipal"],
  under_review: ["accepted", "not_feasible", "not_municipal"],
  accepted: ["in_progress", "under_review"],
  not_feasible: ["under_review"],
  not_municipal: ["under_review"],
  in_progress: ["implemented"],
  implemented: [],
  merged: [],
};

export function canMove(from: IdeaStatus, to: IdeaStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function nextStatuses(from: IdeaStatus): readonly IdeaStatus[] {
  return TRANSITIONS[from];
}

export function isPublic(status: IdeaStatus): boolean {
  return (PUBLIC_STATUSES as readonly string[]).includes(status);
}

/** Residents can support, comment on and report an idea: public, visible, and not merged away. */
export function isOpenToResidents(idea: { status: IdeaStatus; hidden: boolean }): boolean {
  return isPublic(idea.status) && !idea.hidden && idea.status !== "merged";
}

/** Steps of the official lifecycle that must carry a public answer from the city. */
export function needsAnswer(to: IdeaStatus): boolean {
  return ["under_review", "accepted", "not_feasible", "not_municipal", "in_progress", "implemented"].includes(to);
}

/** Can an idea in this status be merged into another? Only public, still-open ideas. */
export function canMerge(from: IdeaStatus): boolean {
  return ["published", "under_review"].includes(from);
}

export const REJECT_REASONS = ["off_topic", "offensive", "personal_data", "duplicate", "not_municipal", "other"] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const REPORT_REASONS = ["spam", "offensive", "personal_data", "off_topic", "other"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

/** What the public sees of an idea: its content, or only that moderators removed it, and why. */
export function publicView(idea: { status: IdeaStatus; hidden: boolean; rejectReason: string | null; hiddenReason: string | null }):
  | { visible: true }
  | { visible: false; reason: string } {
  if (idea.status === "rejected") return { visible: false, reason: idea.rejectReason ?? "other" };
  if (idea.hidden) return { visible: false, reason: idea.hiddenReason ?? "other" };
  return { visible: true };
}

/**
 * Merging a duplicate into the surviving idea: every supporter of either ends up supporting the
 * survivor exactly once. Returns the supporters to move and those already counted there.
 */
export function mergeSupports(duplicate: readonly number[], survivor: readonly number[]) {
  const there = new Set(survivor);
  const move = [...new Set(duplicate)].filter((id) => !there.has(id));
  return { move, alreadyThere: [...new Set(duplicate)].filter((id) => there.has(id)), total: there.size + move.length };
}

/** Who hears of a change: the author and every supporter, each once, never the person acting. */
export function audience(authorId: number | null, supporterIds: readonly number[], actorId: number | null): number[] {
  const people = new Set<number>(supporterIds);
  if (authorId !== null) people.add(authorId);
  if (actorId !== null) people.delete(actorId);
  return [...people];
}

export const LIMITS = { title: 120, description: 5000, comment: 2000, answer: 5000, note: 2000 } as const;

/** The folding the search index applies too (migration 0004): ə→e and ı→i, as typed without an Azerbaijani keyboard. */
export function foldForSearch(text: string): string {
  return text.normalize("NFC").replace(/ə/g, "e").replace(/Ə/g, "E").replace(/ı/g, "i");
}

/**
 * Words for full-text search, quoted for FTS5. The trigram index needs at least three
 * characters a word; shorter words are dropped, and at most eight words are kept.
 */
export function searchTerms(query: string): string[] {
  return foldForSearch(query)
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter((w) => [...w].length >= 3)
    .slice(0, 8)
    .map((w) => `"${w}"`);
}
