// The hub's forms for a round and for one of its options. Plain forms: they work without
// JavaScript; with it, conform checks the fields as they are typed.
import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import type { OptionFields, RoundSettingsFields } from "~/domain/rounds-forms.server";
import { Field, SelectField, TextArea, useErrorText } from "~/ui/form";
import { LANGUAGE_NAMES, LANGUAGES } from "~/utils/i18n";

type Fieldset<T> = { [K in keyof T]-?: FieldMetadata<T[K]> };
type TranslatedMeta = FieldMetadata<{ ka?: string; en?: string; az?: string; ru?: string } | undefined>;

/** One input per language; Georgian first, and the only one required. */
export function TranslatedFields({ meta, label, long, required = true }: { meta: TranslatedMeta; label: string; long?: boolean; required?: boolean }) {
  const { t } = useTranslation("rounds");
  const parts = meta.getFieldset();
  return (
    <fieldset className="translated">
      <legend>{label}</legend>
      {LANGUAGES.map((language) => {
        const field = parts[language] as FieldMetadata<unknown>;
        const text = language === "ka" && required ? t("builder.inLanguageRequired", { language: LANGUAGE_NAMES[language] }) : t("builder.inLanguage", { language: LANGUAGE_NAMES[language] });
        return long ? <TextArea key={language} meta={field} label={text} rows={4} /> : <Field key={language} meta={field} label={text} />;
      })}
      <p className="help">{t("builder.fallback")}</p>
    </fieldset>
  );
}

function DistrictChoices({ meta, districts }: { meta: FieldMetadata<unknown>; districts: Array<{ value: number; label: string }> }) {
  const { t } = useTranslation("rounds");
  const errorText = useErrorText();
  const chosen = new Set(([] as unknown[]).concat(meta.initialValue ?? []).map(String));
  const errors = (meta.errors ?? []).map(errorText);
  return (
    <fieldset className="field" aria-describedby={errors.length ? meta.errorId : undefined}>
      <legend>{t("builder.districts")}</legend>
      <ul className="checkbox-grid">
        {districts.map((d) => (
          <li key={d.value} className="field-checkbox">
            <input type="checkbox" id={`${meta.id}-${d.value}`} name={meta.name} value={d.value} defaultChecked={chosen.has(String(d.value))} />
            <label htmlFor={`${meta.id}-${d.value}`}>{d.label}</label>
          </li>
        ))}
      </ul>
      {errors.length ? (
        <p className="error" id={meta.errorId}>
          {errors.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}

function Hidden({ meta }: { meta: FieldMetadata<unknown> }) {
  const { key, ...props } = getInputProps(meta, { type: "hidden" });
  return <input key={key} {...props} />;
}

/**
 * The round's settings. When voting has started (`locked`), the rules are shown as text and sent
 * back unchanged in hidden fields: only the wording and the closing time can still be edited.
 */
export function RoundSettingsFieldsView({
  fields,
  districts,
  locked,
  closed = false,
  summary,
}: {
  fields: Fieldset<RoundSettingsFields>;
  districts: Array<{ value: number; label: string }>;
  locked: boolean;
  /** A closed round keeps its closing time too. */
  closed?: boolean;
  summary?: React.ReactNode;
}) {
  const { t } = useTranslation("rounds");
  const options = <K extends string>(prefix: string, keys: readonly K[]) => keys.map((k) => ({ value: k, label: t(`${prefix}.${k}`) }));
  return (
    <>
      <TranslatedFields meta={fields.title as TranslatedMeta} label={t("builder.roundTitle")} />
      <TranslatedFields meta={fields.description as TranslatedMeta} label={t("builder.roundDescription")} long required={false} />
      {locked ? (
        <>
          <p className="notice">{t("builder.lockedRules")}</p>
          {summary}
          {(["method", "maxChoices", "pointsTotal", "pointsPerOption", "budget", "budgetRule", "opensAt", "eligibility", "resultsShown"] as const).map((name) => (
            <Hidden key={name} meta={fields[name] as FieldMetadata<unknown>} />
          ))}
          {([] as unknown[]).concat(fields.districts.initialValue ?? []).map((d) => (
            <input key={String(d)} type="hidden" name={fields.districts.name} value={String(d)} />
          ))}
          {closed ? (
            <Hidden meta={fields.closesAt as FieldMetadata<unknown>} />
          ) : (
            <Field meta={fields.closesAt as FieldMetadata<unknown>} type="datetime-local" label={t("builder.closesAt")} help={t("builder.timeZone")} />
          )}
        </>
      ) : (
        <>
          <SelectField meta={fields.method as FieldMetadata<unknown>} label={t("builder.method")} help={t("builder.methodHelp")} options={options("method", ["approval", "ranked", "points", "budget"] as const)} />
          <Field meta={fields.maxChoices as FieldMetadata<unknown>} label={t("builder.maxChoices")} help={t("builder.maxChoicesHelp")} inputMode="numeric" />
          <Field meta={fields.pointsTotal as FieldMetadata<unknown>} label={t("builder.pointsTotal")} help={t("builder.pointsHelp")} inputMode="numeric" />
          <Field meta={fields.pointsPerOption as FieldMetadata<unknown>} label={t("builder.pointsPerOption")} inputMode="numeric" />
          <Field meta={fields.budget as FieldMetadata<unknown>} label={t("builder.budget")} help={t("builder.budgetHelp")} inputMode="numeric" />
          <SelectField meta={fields.budgetRule as FieldMetadata<unknown>} label={t("builder.budgetRule")} help={t("builder.budgetRuleHelp")} options={options("rule", ["greedy", "mes"] as const)} placeholder={t("builder.choose")} />
          <Field meta={fields.opensAt as FieldMetadata<unknown>} type="datetime-local" label={t("builder.opensAt")} help={t("builder.timeZone")} />
          <Field meta={fields.closesAt as FieldMetadata<unknown>} type="datetime-local" label={t("builder.closesAt")} help={t("builder.timeZone")} />
          <SelectField meta={fields.eligibility as FieldMetadata<unknown>} label={t("builder.eligibility")} options={options("eligibility", ["residents", "verified", "districts"] as const)} />
          <DistrictChoices meta={fields.districts as FieldMetadata<unknown>} districts={districts} />
          <SelectField meta={fields.resultsShown as FieldMetadata<unknown>} label={t("builder.resultsShown")} options={options("resultsShown", ["after", "live"] as const)} />
        </>
      )}
    </>
  );
}

/** An option's fields: its text, cost (budget rounds), goal and the ideas it came from. */
export function OptionFieldsView({ fields, goals, withCost, costLocked }: { fields: Fieldset<OptionFields>; goals: Array<{ value: number; label: string }>; withCost: boolean; costLocked: boolean }) {
  const { t } = useTranslation("rounds");
  return (
    <>
      <TranslatedFields meta={fields.title as TranslatedMeta} label={t("builder.optionTitle")} />
      <TranslatedFields meta={fields.description as TranslatedMeta} label={t("builder.optionDescription")} long required={false} />
      {withCost ? (
        costLocked ? (
          <Hidden meta={fields.cost as FieldMetadata<unknown>} />
        ) : (
          <Field meta={fields.cost as FieldMetadata<unknown>} label={t("builder.cost")} help={t("builder.costHelp")} inputMode="numeric" />
        )
      ) : null}
      <SelectField meta={fields.goalId as FieldMetadata<unknown>} label={t("builder.goal")} options={goals} placeholder={t("builder.noGoal")} />
      <Field meta={fields.ideas as FieldMetadata<unknown>} label={t("builder.ideas")} help={t("builder.ideasHelp")} />
    </>
  );
}
