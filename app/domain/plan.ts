// The plan: a measure's statuses, and helpers its forms and pages share. The forms themselves
// (a measure, a progress report, a link from residents' input to the plan) are in plan-forms.server.ts.

export const MEASURE_STATUS_LIST = ["planned", "in_progress", "done", "paused", "cancelled"] as const;

/** A real calendar day written YYYY-MM-DD. */
export function isDay(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
}

/** Drops empty languages from a translated text. */
export function clean(t: Record<string, string | undefined> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(t ?? {}).filter(([, s]) => s)) as Record<string, string>;
}
