import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { parseCode } from "~/domain/validation";

/** Translates a validation code ("tooLong:120") into the page's language. */
export function useErrorText() {
  const { t } = useTranslation("validation");
  return (code: string) => {
    const { key, values } = parseCode(code);
    return t(key, { ...values, defaultValue: t("invalid") });
  };
}

type FieldProps = {
  meta: FieldMetadata<unknown>;
  label: string;
  help?: string;
  type?: "text" | "email" | "password" | "tel" | "number";
  autoComplete?: string;
  inputMode?: "text" | "email" | "tel" | "numeric";
  /** Extra server-side message for this field (not from zod), already translated. */
  extraError?: string;
};

export function Field({ meta, label, help, type = "text", autoComplete, inputMode, extraError }: FieldProps) {
  const errorText = useErrorText();
  const errors = [...(meta.errors ?? []).map(errorText), ...(extraError ? [extraError] : [])];
  const helpId = help ? `${meta.id}-help` : undefined;
  const errorId = errors.length ? meta.errorId : undefined;
  const { key, ...inputProps } = getInputProps(meta, { type, ariaAttributes: false });
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {help ? (
        <p className="help" id={helpId}>
          {help}
        </p>
      ) : null}
      <input
        key={key}
        {...inputProps}
        autoComplete={autoComplete}
        inputMode={inputMode}
        aria-invalid={errors.length ? true : undefined}
        aria-describedby={[helpId, errorId].filter(Boolean).join(" ") || undefined}
      />
      {errors.length ? (
        <p className="error" id={meta.errorId}>
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export function Checkbox({ meta, label, children }: { meta: FieldMetadata<unknown>; label: string; children?: React.ReactNode }) {
  const errorText = useErrorText();
  const errors = (meta.errors ?? []).map(errorText);
  const { key, ...inputProps } = getInputProps(meta, { type: "checkbox", ariaAttributes: false });
  return (
    <div className="field field-checkbox">
      <input
        key={key}
        {...inputProps}
        aria-invalid={errors.length ? true : undefined}
        aria-describedby={errors.length ? meta.errorId : undefined}
      />
      <label htmlFor={meta.id}>
        {label} {children}
      </label>
      {errors.length ? (
        <p className="error" id={meta.errorId}>
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** The message at the top of a form: what went wrong overall, read out by screen readers. */
export function FormMessage({ invalid, message, tone = "error" }: { invalid?: boolean; message?: string; tone?: "error" | "success" }) {
  const { t } = useTranslation("validation");
  const text = message ?? (invalid ? t("formError") : null);
  if (!text) return null;
  return (
    <div className={`notice notice-${tone}`} role={tone === "error" ? "alert" : "status"}>
      {text}
    </div>
  );
}
