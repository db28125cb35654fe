// The optional "about you" questions (age group, gender, district), each skippable: for the
// resident's last page and for staff typing in a paper questionnaire.
import { useTranslation } from "react-i18next";
import { AGE_BANDS, GENDERS } from "~/domain/surveys";

export function DemographicsFields({ districts, chosen }: { districts: Array<{ id: number; name: string }>; chosen?: { ageBand: string | null; gender: string | null; districtId: number | null } | null }) {
  const { t } = useTranslation("surveys");
  const select = (name: string, label: string, value: string | number | null | undefined, options: Array<{ value: string | number; label: string }>) => (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value ?? ""}>
        <option value="">{t("about.skip")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <>
      {select("ageBand", t("about.ageBand"), chosen?.ageBand, AGE_BANDS.map((a) => ({ value: a, label: a })))}
      {select("gender", t("about.gender"), chosen?.gender, GENDERS.map((g) => ({ value: g, label: t(`gender.${g}`) })))}
      {select("district", t("about.district"), chosen?.districtId, districts.map((d) => ({ value: d.id, label: d.name })))}
    </>
  );
}
