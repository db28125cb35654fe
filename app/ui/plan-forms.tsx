// The hub's measure form: text in each language, status, progress and dates.
import type { FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { MEASURE_STATUS_LIST } from "~/domain/plan";
import type { MeasureFields } from "~/domain/plan-forms.server";
import { Field, SelectField } from "~/ui/form";
import { TranslatedFields } from "~/ui/round-forms";

type Fieldset<T> = { [K in keyof T]-?: FieldMetadata<T[K]> };
type TranslatedMeta = Parameters<typeof TranslatedFields>[0]["meta"];

export function MeasureFieldsView({ fields }: { fields: Fieldset<MeasureFields> }) {
  const { t } = useTranslation("plan");
  return (
    <>
      <TranslatedFields meta={fields.title as TranslatedMeta} label={t("hub.measureTitle")} />
      <TranslatedFields meta={fields.description as TranslatedMeta} label={t("hub.measureDescription")} long required={false} />
      <TranslatedFields meta={fields.department as TranslatedMeta} label={t("hub.department")} required={false} />
      <SelectField meta={fields.status as FieldMetadata<unknown>} label={t("hub.status")} options={MEASURE_STATUS_LIST.map((s) => ({ value: s, label: t(`status.${s}`) }))} />
      <Field meta={fields.progress as FieldMetadata<unknown>} label={t("hub.progress")} inputMode="numeric" />
      <Field meta={fields.startsOn as FieldMetadata<unknown>} label={t("hub.startsOn")} help={t("hub.dateHelp")} />
      <Field meta={fields.endsOn as FieldMetadata<unknown>} label={t("hub.endsOn")} help={t("hub.dateHelp")} />
    </>
  );
}
