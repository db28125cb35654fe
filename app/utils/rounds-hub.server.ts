// What the hub's round pages share: reading the settings form and filling it from a round.
import { parseWithZod } from "@conform-to/zod/v4";
import { settingsToRound, toLocalTime } from "~/domain/rounds";
import { roundSettingsSchema, type RoundSettingsFields } from "~/domain/rounds-forms.server";
import { pick } from "~/domain/translated";
import { getMunicipality, listDistricts, listGoals } from "~/models/municipality.server";
import type { Round, RoundColumns } from "~/models/rounds.server";

/** Parses the settings form; on success also the columns to store (times in the city's zone). */
export function readSettings(formData: FormData) {
  const submission = parseWithZod(formData, { schema: roundSettingsSchema });
  if (submission.status !== "success") return { submission, columns: null };
  const columns = settingsToRound(submission.value, getMunicipality().timeZone);
  if (!columns.opensAt || !columns.closesAt) {
    return { submission: { ...submission, reply: () => submission.reply({ fieldErrors: { [columns.opensAt ? "closesAt" : "opensAt"]: ["dateTime"] } }) }, columns: null };
  }
  return { submission, columns: columns as RoundColumns };
}

export function settingsDefaults(round: Round): RoundSettingsFields {
  const { timeZone } = getMunicipality();
  const str = (n: number | null) => (n === null ? undefined : String(n));
  return {
    title: { ka: round.title.ka, ...round.title },
    description: { ka: round.description.ka, ...round.description },
    method: round.method,
    maxChoices: str(round.maxChoices),
    pointsTotal: str(round.pointsTotal),
    pointsPerOption: str(round.pointsPerOption),
    budget: str(round.budget),
    budgetRule: round.budgetRule ?? undefined,
    opensAt: toLocalTime(round.opensAt, timeZone),
    closesAt: toLocalTime(round.closesAt, timeZone),
    eligibility: round.eligibility,
    districts: (round.eligibleDistricts ?? []).map(String),
    resultsShown: round.resultsShown,
  };
}

/** A new round's starting point: opens tomorrow at 09:00, closes two weeks later at 20:00. */
export function newRoundDefaults(now = new Date()): RoundSettingsFields {
  const { timeZone } = getMunicipality();
  const day = (offset: number) => toLocalTime(new Date(now.getTime() + offset * 86_400_000), timeZone).slice(0, 10);
  return { title: { ka: "" }, description: { ka: "" }, method: "approval", maxChoices: "3", budgetRule: "mes", opensAt: `${day(1)}T09:00`, closesAt: `${day(15)}T20:00`, eligibility: "residents", resultsShown: "after" };
}

export function choiceLists(language: string) {
  return {
    districts: listDistricts().map((d) => ({ value: d.id, label: pick(d.name, language) })),
    goals: listGoals().map((g) => ({ value: g.id, label: pick(g.title, language) })),
  };
}
