import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
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
  type?: "text" | "email" | "password" | "tel" | "number" | "datetime-local";
  autoComplete?: string;
  inputMode?: "text" | "email" | "tel" | "numeric";
  /** Extra server-side message for this field (not from zod), already translated. */
  extraError?: string;
};

export function Field({ meta, label, help, type = "text", autoComplete, inputMode, extraError }: FieldProps) {
  const { key, ...inputProps } = getInputProps(meta, { type, ariaAttributes: false });
  return (
    <FieldFrame meta={meta} label={label} help={help} extraError={extraError}>
      {({ invalid, describedBy }) => (
        <input
          key={key}
          {...inputProps}
          autoComplete={autoComplete}
          inputMode={inputMode}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
        />
      )}
    </FieldFrame>
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
      <FieldErrors id={meta.errorId} errors={errors} />
    </div>
  );
}

/** A field's errors (or its one error), linked from the control by aria-describedby. */
export function FieldErrors({ id, errors }: { id: string; errors: readonly string[] | string | undefined }) {
  const list = typeof errors === "string" ? [errors] : (errors ?? []);
  return list.length ? (
    <p className="error" id={id}>
      {list.join(" ")}
    </p>
  ) : null;
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

type Described = { meta: FieldMetadata<unknown>; label: string; help?: string; extraError?: string };

/** Label, help and errors around any control, with the ARIA links between them. */
function FieldFrame({ meta, label, help, extraError, children }: Described & { children: (aria: { invalid: boolean; describedBy?: string }) => React.ReactNode }) {
  const errorText = useErrorText();
  const errors = [...(meta.errors ?? []).map(errorText), ...(extraError ? [extraError] : [])];
  const helpId = help ? `${meta.id}-help` : undefined;
  const describedBy = [helpId, errors.length ? meta.errorId : undefined].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {help ? (
        <p className="help" id={helpId}>
          {help}
        </p>
      ) : null}
      {children({ invalid: errors.length > 0, describedBy })}
      <FieldErrors id={meta.errorId} errors={errors} />
    </div>
  );
}

export function TextArea({ rows = 6, maxLength, ...props }: Described & { rows?: number; maxLength?: number }) {
  const { key, ...textareaProps } = getTextareaProps(props.meta, { ariaAttributes: false });
  return (
    <FieldFrame {...props}>
      {({ invalid, describedBy }) => (
        <textarea key={key} {...textareaProps} rows={rows} maxLength={maxLength} aria-invalid={invalid || undefined} aria-describedby={describedBy} />
      )}
    </FieldFrame>
  );
}

export function SelectField({ options, placeholder, ...props }: Described & { options: Array<{ value: string | number; label: string }>; placeholder?: string }) {
  const { key, ...selectProps } = getSelectProps(props.meta, { ariaAttributes: false });
  return (
    <FieldFrame {...props}>
      {({ invalid, describedBy }) => (
        <select key={key} {...selectProps} aria-invalid={invalid || undefined} aria-describedby={describedBy}>
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

export function FileField({ accept, ...props }: Described & { accept: string }) {
  return (
    <FieldFrame {...props}>
      {({ invalid, describedBy }) => (
        <input id={props.meta.id} name={props.meta.name} type="file" accept={accept} aria-invalid={invalid || undefined} aria-describedby={describedBy} />
      )}
    </FieldFrame>
  );
}
