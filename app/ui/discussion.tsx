// The discussion under an idea: comment and reply forms, and the report form.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { REPORT_REASONS } from "~/domain/ideas";
import type { CommentFields } from "~/domain/ideas-forms.server";
import { TextArea } from "~/ui/form";

export function ReportForm({ commentId, label }: { commentId?: number; label: string }) {
  const { t } = useTranslation("ideas");
  const id = `report-${commentId ?? "idea"}`;
  return (
    <details className="report">
      <summary>{label}</summary>
      <Form method="post" preventScrollReset>
        <input type="hidden" name="intent" value="report" />
        {commentId ? <input type="hidden" name="comment" value={commentId} /> : null}
        <div className="field">
          <label htmlFor={id}>{t("view.reportReason")}</label>
          <select id={id} name="reason" required>
            {REPORT_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`reasons.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-secondary">
          {t("view.reportSubmit")}
        </button>
      </Form>
    </details>
  );
}

export function CommentForm({ parentId, label, submit, lastResult }: { parentId?: number; label: string; submit: string; lastResult?: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm<CommentFields>({ id: `comment-form-${parentId ?? "top"}`, lastResult, shouldRevalidate: "onInput" });
  return (
    <Form method="post" {...getFormProps(form)} preventScrollReset>
      <input type="hidden" name="intent" value="comment" />
      {parentId ? <input type="hidden" name="parentId" value={parentId} /> : null}
      <TextArea meta={fields.body} label={label} rows={3} />
      <button type="submit" className="button">
        {submit}
      </button>
    </Form>
  );
}
