// What the hub's survey pages share: reading the forms and filling them from a survey.
import { parseWithZod } from "@conform-to/zod/v4";
import { fromLocalTime, toLocalTime } from "~/domain/rounds";
import { optionsFromLines, settingsFromForm, type Question } from "~/domain/surveys";
import { questionSchema, surveySettingsSchema, type QuestionFields, type SurveySettingsFields } from "~/domain/surveys-forms.server";
import { pick } from "~/domain/translated";
import { getMunicipality } from "~/models/municipality.server";
import type { QuestionColumns, Survey, SurveyColumns } from "~/models/surveys.server";
import type { ConditionChoice } from "~/ui/survey-forms";

export function readSurveySettings(formData: FormData) {
  const submission = parseWithZod(formData, { schema: surveySettingsSchema });
  if (submission.status !== "success") return { submission, columns: null };
  const v = submission.value;
  const { timeZone } = getMunicipality();
  const opensAt = fromLocalTime(v.opensAt, timeZone);
  const closesAt = fromLocalTime(v.closesAt, timeZone);
  if (!opensAt || !closesAt) return { submission: { ...submission, reply: () => submission.reply({ fieldErrors: { [opensAt ? "closesAt" : "opensAt"]: ["dateTime"] } }) }, columns: null };
  const drop = (t: Record<string, string | undefined>) => Object.fromEntries(Object.entries(t).filter(([, s]) => s)) as Record<string, string>;
  const columns: SurveyColumns = {
    title: drop(v.title),
    description: drop(v.description),
    opensAt,
    closesAt,
    audience: v.audience,
    // Anonymous unless staff say otherwise; without an account the survey is always anonymous.
    anonymous: Boolean(v.anonymous) || v.audience === "anyone",
    onePerPerson: Boolean(v.onePerPerson),
    demographics: Boolean(v.demographics),
    publicCrosstabs: Boolean(v.publicCrosstabs),
  };
  return { submission, columns };
}

export function surveyDefaults(s: Survey): SurveySettingsFields {
  const { timeZone } = getMunicipality();
  const on = (b: boolean) => (b ? ("on" as const) : undefined);
  return {
    title: { ka: s.title.ka, ...s.title },
    description: { ka: s.description.ka, ...s.description },
    opensAt: toLocalTime(s.opensAt, timeZone),
    closesAt: toLocalTime(s.closesAt, timeZone),
    audience: s.audience,
    anonymous: on(s.anonymous),
    onePerPerson: on(s.onePerPerson),
    demographics: on(s.demographics),
    publicCrosstabs: on(s.publicCrosstabs),
  };
}

export function newSurveyDefaults(now = new Date()): SurveySettingsFields {
  const { timeZone } = getMunicipality();
  const day = (offset: number) => toLocalTime(new Date(now.getTime() + offset * 86_400_000), timeZone).slice(0, 10);
  return { title: { ka: "" }, description: { ka: "" }, opensAt: `${day(1)}T09:00`, closesAt: `${day(29)}T20:00`, audience: "residents", anonymous: "on", onePerPerson: "on" };
}

/** Reads the question form into the columns the model stores. */
export function readQuestion(formData: FormData) {
  const submission = parseWithZod(formData, { schema: questionSchema });
  if (submission.status !== "success") return { submission, columns: null };
  const v = submission.value;
  const drop = (t: Record<string, string | undefined> | undefined) => Object.fromEntries(Object.entries(t ?? {}).filter(([, s]) => s)) as Record<string, string>;
  const usesOptions = ["single", "multiple", "dropdown", "ranking", "matrix"].includes(v.type);
  const columns: QuestionColumns = {
    type: v.type,
    text: drop(v.text),
    help: drop(v.help),
    required: Boolean(v.required),
    settings: settingsFromForm(v),
    condition: v.conditionQuestion ? { questionId: v.conditionQuestion, optionIds: v.conditionOptions ?? [] } : null,
    options: usesOptions ? optionsFromLines(v.options) : [],
  };
  return { submission, columns };
}

export function questionDefaults(q: Question): QuestionFields {
  const lines = (l: "ka" | "en" | "az" | "ru") => q.options.map((o) => o.label[l] ?? "").join("\n");
  const str = (n: number | null | undefined) => (n === null || n === undefined ? undefined : String(n));
  return {
    type: q.type,
    text: { ka: q.text.ka, ...q.text },
    help: { ka: q.help.ka, ...q.help },
    required: q.required ? "on" : undefined,
    options: { ka: lines("ka"), en: lines("en"), az: lines("az"), ru: lines("ru") },
    maxChoices: str(q.settings.maxChoices),
    scale: q.settings.scale,
    minLabel: { ka: q.settings.minLabel?.ka, ...q.settings.minLabel },
    maxLabel: { ka: q.settings.maxLabel?.ka, ...q.settings.maxLabel },
    min: str(q.settings.min),
    max: str(q.settings.max),
    other: q.settings.other ? "on" : undefined,
    conditionQuestion: str(q.condition?.questionId),
    conditionOptions: q.condition?.optionIds.map(String),
  };
}

/** Questions a condition can name for a question in `sectionId`: choice questions of earlier sections. */
export function conditionChoices(survey: Survey, sectionId: number, language: string): ConditionChoice[] {
  const order = survey.sections.map((s) => s.id);
  const here = order.indexOf(sectionId);
  return survey.questions
    .filter((q) => ["single", "multiple", "dropdown"].includes(q.type) && order.indexOf(q.sectionId) < here)
    .map((q) => ({ id: q.id, label: pick(q.text, language), options: q.options.map((o) => ({ id: o.id, label: pick(o.label, language) })) }));
}
