// The hub's survey forms: the survey's settings and one question. Plain forms that work without
// JavaScript; the fields a question type does not use are hidden by CSS alone (:has), so the
// form stays short on a phone with or without scripts.
import { getInputProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { QUESTION_TYPES } from "~/domain/surveys";
import type { QuestionFields, SurveySettingsFields } from "~/domain/surveys-forms.server";
import { Checkbox, Field, SelectField, useErrorText } from "~/ui/form";
import { TranslatedFields } from "~/ui/round-forms";
import { LANGUAGE_NAMES, LANGUAGES } from "~/utils/i18n";

type Fieldset<T> = { [K in keyof T]-?: FieldMetadata<T[K]> };
type TranslatedMeta = Parameters<typeof TranslatedFields>[0]["meta"];

export function SurveySettingsView({ fields }: { fields: Fieldset<SurveySettingsFields> }) {
  const { t } = useTranslation("surveys");
  return (
    <>
      <TranslatedFields meta={fields.title as TranslatedMeta} label={t("builder.surveyTitle")} />
      <TranslatedFields meta={fields.description as TranslatedMeta} label={t("builder.surveyDescription")} long required={false} />
      <Field meta={fields.opensAt as FieldMetadata<unknown>} type="datetime-local" label={t("builder.opensAt")} help={t("builder.timeZone")} />
      <Field meta={fields.closesAt as FieldMetadata<unknown>} type="datetime-local" label={t("builder.closesAt")} help={t("builder.timeZone")} />
      <SelectField
        meta={fields.audience as FieldMetadata<unknown>}
        label={t("builder.audience")}
        options={(["anyone", "residents", "verified"] as const).map((a) => ({ value: a, label: t(`audience.${a}`) }))}
      />
      <Checkbox meta={fields.anonymous as FieldMetadata<unknown>} label={t("builder.anonymous")} />
      <Checkbox meta={fields.onePerPerson as FieldMetadata<unknown>} label={t("builder.onePerPerson")} />
      <Checkbox meta={fields.demographics as FieldMetadata<unknown>} label={t("builder.demographics")} />
      <Checkbox meta={fields.publicCrosstabs as FieldMetadata<unknown>} label={t("builder.publicCrosstabs")} />
    </>
  );
}

/** One text box per language, one option per line. */
function OptionLines({ meta, label, help }: { meta: FieldMetadata<QuestionFields["options"]>; label: string; help: string }) {
  const { t } = useTranslation("surveys");
  const errorText = useErrorText();
  const parts = meta.getFieldset();
  return (
    <fieldset className="translated group-options">
      <legend>{label}</legend>
      <p className="help">{help}</p>
      {LANGUAGES.map((language) => {
        const field = parts[language] as FieldMetadata<unknown>;
        const { key, ...props } = getTextareaProps(field, { ariaAttributes: false });
        const errors = (field.errors ?? []).map(errorText);
        return (
          <div className="field" key={language}>
            <label htmlFor={field.id}>{language === "ka" ? t("builder.inLanguageRequired", { language: LANGUAGE_NAMES[language] }) : t("builder.inLanguage", { language: LANGUAGE_NAMES[language] })}</label>
            <textarea key={key} {...props} rows={5} aria-invalid={errors.length ? true : undefined} aria-describedby={errors.length ? field.errorId : undefined} />
            {errors.length ? (
              <p className="error" id={field.errorId}>
                {errors.join(" ")}
              </p>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}

export type ConditionChoice = { id: number; label: string; options: Array<{ id: number; label: string }> };

/** Show this question only when an earlier question (on an earlier page) got one of the ticked answers. */
function ConditionFields({ question, values, choices }: { question: FieldMetadata<unknown>; values: FieldMetadata<unknown>; choices: ConditionChoice[] }) {
  const { t } = useTranslation("surveys");
  const errorText = useErrorText();
  const chosen = new Set(([] as unknown[]).concat(values.initialValue ?? []).map(String));
  const errors = (values.errors ?? []).map(errorText);
  if (choices.length === 0) return <p className="help">{t("builder.noConditionPossible")}</p>;
  const { key, ...selectProps } = getInputProps(question, { type: "text" });
  void key;
  return (
    <fieldset className="translated">
      <legend>{t("builder.condition")}</legend>
      <p className="help">{t("builder.conditionHelp")}</p>
      <div className="field">
        <label htmlFor={question.id}>{t("builder.conditionQuestion")}</label>
        <select id={question.id} name={question.name} defaultValue={String(selectProps.defaultValue ?? "")}>
          <option value="">{t("builder.always")}</option>
          {choices.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      {choices.map((c) => (
        <fieldset key={c.id} className="field">
          <legend>{t("builder.conditionValues", { question: c.label })}</legend>
          <ul className="checkbox-grid">
            {c.options.map((o) => (
              <li key={o.id} className="field-checkbox">
                <input type="checkbox" id={`${values.id}-${o.id}`} name={values.name} value={o.id} defaultChecked={chosen.has(String(o.id))} />
                <label htmlFor={`${values.id}-${o.id}`}>{o.label}</label>
              </li>
            ))}
          </ul>
        </fieldset>
      ))}
      {errors.length ? (
        <p className="error" id={values.errorId}>
          {errors.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}

export function QuestionFieldsView({ fields, conditions, typeLocked }: { fields: Fieldset<QuestionFields>; conditions: ConditionChoice[]; typeLocked: boolean }) {
  const { t } = useTranslation("surveys");
  const types = QUESTION_TYPES.map((type) => ({ value: type, label: t(`types.${type}`) }));
  return (
    <>
      {typeLocked ? (
        <>
          <p className="notice">{t("builder.typeLocked")}</p>
          <input type="hidden" name={fields.type.name} value={String(fields.type.initialValue ?? "")} />
          <input type="hidden" name={fields.scale.name} value={String(fields.scale.initialValue ?? "")} />
        </>
      ) : (
        <SelectField meta={fields.type as FieldMetadata<unknown>} label={t("builder.type")} options={types} />
      )}
      <TranslatedFields meta={fields.text as TranslatedMeta} label={t("builder.questionText")} />
      <TranslatedFields meta={fields.help as TranslatedMeta} label={t("builder.questionHelp")} required={false} />
      <Checkbox meta={fields.required as FieldMetadata<unknown>} label={t("builder.required")} />
      <OptionLines meta={fields.options} label={t("builder.options")} help={t("builder.optionsHelp")} />
      <div className="group-max">
        <Field meta={fields.maxChoices as FieldMetadata<unknown>} label={t("builder.maxChoices")} inputMode="numeric" />
      </div>
      <div className="group-other">
        <Checkbox meta={fields.other as FieldMetadata<unknown>} label={t("builder.other")} />
      </div>
      <div className="group-scale">
        {typeLocked ? null : (
          <SelectField
            meta={fields.scale as FieldMetadata<unknown>}
            label={t("builder.scale")}
            options={[
              { value: "1-5", label: "1–5" },
              { value: "0-10", label: "0–10" },
            ]}
          />
        )}
        <TranslatedFields meta={fields.minLabel as TranslatedMeta} label={t("builder.minLabel")} required={false} />
        <TranslatedFields meta={fields.maxLabel as TranslatedMeta} label={t("builder.maxLabel")} required={false} />
      </div>
      <div className="group-number">
        <Field meta={fields.min as FieldMetadata<unknown>} label={t("builder.min")} inputMode="text" />
        <Field meta={fields.max as FieldMetadata<unknown>} label={t("builder.max")} inputMode="text" />
      </div>
      <ConditionFields question={fields.conditionQuestion as FieldMetadata<unknown>} values={fields.conditionOptions as FieldMetadata<unknown>} choices={conditions} />
    </>
  );
}
