// One survey question as a plain form control, for residents on phones and for staff typing in
// paper questionnaires. Works without JavaScript: every answer is a normal form field.
import { useTranslation } from "react-i18next";
import { fieldName, OTHER } from "~/domain/survey-answers";
import type { QuestionType } from "~/domain/surveys";
import { useErrorText } from "~/ui/form";

/** A question with its texts already in the reader's language. */
export type ShownQuestion = {
  id: number;
  type: QuestionType;
  text: string;
  help: string;
  required: boolean;
  options: Array<{ id: number; label: string }>;
  points: number[];
  minLabel: string;
  maxLabel: string;
  other: boolean;
  maxChoices: number | null;
  min: number | null;
  max: number | null;
};

type Values = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

export function SurveyQuestion({ q, values, error }: { q: ShownQuestion; values: Values; error?: string }) {
  const { t } = useTranslation("surveys");
  const errorText = useErrorText();
  const name = fieldName.answer(q.id);
  const id = `q-${q.id}`;
  const errorId = `${id}-error`;
  const helpId = q.help ? `${id}-help` : undefined;
  // The rule of the answer (up to N choices, the scale's ends, a number's range) is read with the field too.
  const hintId = (q.type === "multiple" && q.maxChoices) || q.type === "scale" || (q.type === "number" && (q.min !== null || q.max !== null)) ? `${id}-hint` : undefined;
  const describedBy = [helpId, hintId, error ? errorId : undefined].filter(Boolean).join(" ") || undefined;
  const invalid = error ? true : undefined;
  const label = (
    <>
      {q.text}
      {q.required ? <span className="required"> {t("answer.required")}</span> : null}
    </>
  );
  const help = q.help ? (
    <p className="help" id={helpId}>
      {q.help}
    </p>
  ) : null;
  const errorLine = error ? (
    <p className="error" id={errorId}>
      {errorText(error)}
    </p>
  ) : null;

  // Questions answered by several controls are a fieldset with the question as its legend.
  if (q.type === "single" || q.type === "multiple" || q.type === "scale") {
    const type = q.type === "multiple" ? "checkbox" : "radio";
    const chosen = new Set(many(values[name]));
    const items = q.type === "scale" ? q.points.map((p) => ({ value: String(p), label: String(p) })) : q.options.map((o) => ({ value: String(o.id), label: o.label }));
    return (
      <fieldset className="question" aria-describedby={describedBy}>
        <legend>{label}</legend>
        {help}
        {q.type === "multiple" && q.maxChoices ? (
          <p className="help" id={hintId}>
            {t("answer.maxChoices", { n: q.maxChoices })}
          </p>
        ) : null}
        {q.type === "scale" ? (
          <p className="help scale-ends" id={hintId}>
            {q.points[0]} = {q.minLabel || "—"} · {q.points[q.points.length - 1]} = {q.maxLabel || "—"}
          </p>
        ) : null}
        <ul className={q.type === "scale" ? "scale-choices" : "choices-list"}>
          {items.map((item) => (
            <li key={item.value} className="field-checkbox">
              <input type={type} id={`${id}-${item.value}`} name={name} value={item.value} defaultChecked={chosen.has(item.value)} />
              <label htmlFor={`${id}-${item.value}`}>{item.label}</label>
            </li>
          ))}
          {q.other ? (
            <li className="field-checkbox">
              <input type={type} id={`${id}-other`} name={name} value={OTHER} defaultChecked={chosen.has(OTHER)} />
              <label htmlFor={`${id}-other`}>{t("answer.other")}</label>
            </li>
          ) : null}
        </ul>
        {q.other ? (
          <div className="field">
            <label htmlFor={`${id}-other-text`}>{t("answer.otherText")}</label>
            <input id={`${id}-other-text`} name={fieldName.other(q.id)} defaultValue={one(values[fieldName.other(q.id)])} maxLength={200} />
          </div>
        ) : null}
        {errorLine}
      </fieldset>
    );
  }

  if (q.type === "ranking" || q.type === "matrix") {
    const ranks = q.options.map((_, i) => i + 1);
    return (
      <fieldset className="question" aria-describedby={describedBy}>
        <legend>{label}</legend>
        {help}
        <p className="help">{q.type === "ranking" ? t("answer.rankingHelp") : t("answer.matrixHelp", { min: `${q.points[0]} = ${q.minLabel || "—"}`, max: `${q.points[q.points.length - 1]} = ${q.maxLabel || "—"}` })}</p>
        {q.options.map((o) => {
          const field = q.type === "ranking" ? fieldName.rank(q.id, o.id) : fieldName.row(q.id, o.id);
          return (
            <div className="field" key={o.id}>
              <label htmlFor={`${id}-${o.id}`}>{o.label}</label>
              <select id={`${id}-${o.id}`} name={field} defaultValue={one(values[field])}>
                <option value="">{q.type === "ranking" ? t("answer.notRanked") : t("answer.noAnswer")}</option>
                {(q.type === "ranking" ? ranks : q.points).map((n) => (
                  <option key={n} value={n}>
                    {q.type === "ranking" ? t("answer.place", { n }) : n}
                  </option>
                ))}
              </select>
            </div>
          );
        })}
        {errorLine}
      </fieldset>
    );
  }

  const common = { id, name, "aria-describedby": describedBy, "aria-invalid": invalid };
  return (
    <div className="field question">
      <label htmlFor={id}>{label}</label>
      {help}
      {q.type === "dropdown" ? (
        <select {...common} defaultValue={one(values[name])}>
          <option value="">{t("answer.choose")}</option>
          {q.options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      ) : q.type === "long" ? (
        <textarea {...common} rows={5} defaultValue={one(values[name])} maxLength={5000} />
      ) : q.type === "number" ? (
        <>
          {q.min !== null || q.max !== null ? (
            <p className="help" id={hintId}>
              {t("answer.numberRange", { min: q.min ?? "—", max: q.max ?? "—" })}
            </p>
          ) : null}
          <input {...common} inputMode="decimal" defaultValue={one(values[name])} />
        </>
      ) : q.type === "date" ? (
        <input {...common} type="date" defaultValue={one(values[name])} />
      ) : (
        <input {...common} defaultValue={one(values[name])} maxLength={200} />
      )}
      {errorLine}
    </div>
  );
}
