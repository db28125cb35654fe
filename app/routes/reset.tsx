import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { useTranslation } from "react-i18next";
import {
  resetCompleteSchema,
  resetRequestSchema,
  type ResetCompleteFields,
  type ResetRequestFields,
} from "~/domain/accounts-forms.server";
import { issueResetCode, redeemResetCode } from "~/models/password-resets.server";
import { revokeUserSessions } from "~/models/sessions.server";
import { findUserForLogin, setPasswordHash } from "~/models/users.server";
import { Field, FormMessage } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { useLimitMessage } from "~/ui/rate-limit";
import { readForm, retryAfter } from "~/utils/form.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { notify } from "~/utils/notifier.server";
import { hashPassword } from "~/utils/password.server";
import { checkLimits, clientIp } from "~/utils/rate-limit.server";
import { passHeaders } from "~/ui/headers";

export const headers = passHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

export async function loader({ request }: LoaderFunctionArgs) {
  return json({ title: getT(await getLanguage(request), "auth")("reset.title") });
}

const schema = z.discriminatedUnion("intent", [resetRequestSchema, resetCompleteSchema]);

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request), { schema });
  if (submission.status !== "success") {
    const intent = submission.payload.intent === "complete" ? "complete" : "request";
    return json({ step: intent, sentTo: null, result: submission.reply({ hideFields: ["password", "code"] }) }, { status: 400 });
  }
  const value = submission.value;
  if (value.intent === "request") {
    const limit = checkLimits([
      ["resetPerIp", clientIp(context)],
      ["resetPerAccount", value.identifier.value],
    ]);
    if (!limit.ok) {
      return json(
        { step: "request" as const, sentTo: null, result: submission.reply({ formErrors: [`rateLimited:${limit.retryAfterMs}`] }) },
        { status: 429, headers: retryAfter(limit.retryAfterMs) },
      );
    }
    const user = findUserForLogin(value.identifier);
    // The answer is the same whether or not the account exists: nobody learns who is registered.
    if (user) {
      const language = await getLanguage(request);
      const t = getT(language, "auth");
      const code = issueResetCode(user.id);
      notify({
        channel: value.identifier.kind === "email" ? "email" : "sms",
        recipient: value.identifier.value,
        subject: t("messages.resetSubject"),
        body: t("messages.resetBody", { code }),
      });
    }
    return json({ step: "complete" as const, sentTo: value.identifier.value, result: submission.reply({ resetForm: true }) });
  }
  const user = findUserForLogin(value.identifier);
  if (!user || !redeemResetCode(user.id, value.code)) {
    return json(
      { step: "complete" as const, sentTo: null, result: submission.reply({ fieldErrors: { code: ["invalidCode"] }, hideFields: ["password", "code"] }) },
      { status: 400 },
    );
  }
  setPasswordHash(user.id, await hashPassword(value.password));
  revokeUserSessions(user.id);
  return redirect("/login?reset=1");
}

export default function Reset() {
  const { title } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTranslation("auth");
  return (
    <section className="narrow">
      <h1>{title}</h1>
      {data?.step === "complete" ? (
        <CompleteForm key="complete" sentTo={data.sentTo} result={data.result} />
      ) : (
        <>
          <p>{t("reset.lead")}</p>
          <RequestForm key="request" result={data?.result} />
        </>
      )}
    </section>
  );
}

type Result = SubmissionResult<string[]> | null | undefined;

function RequestForm({ result }: { result: Result }) {
  const { t } = useTranslation("auth");
  const limitMessage = useLimitMessage(result?.error?.[""] as string[] | undefined);
  const [form, fields] = useForm<ResetRequestFields>({ id: "reset-request", lastResult: result, shouldRevalidate: "onInput" });
  return (
    <>
      <FormMessage invalid={form.status === "error"} message={limitMessage} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="request" />
        <Field meta={fields.identifier} label={t("reset.identifier")} autoComplete="username" inputMode="email" />
        <button type="submit" className="button">
          {t("reset.requestSubmit")}
        </button>
      </Form>
    </>
  );
}

function CompleteForm({ sentTo, result }: { sentTo: string | null; result: Result }) {
  const { t } = useTranslation("auth");
  const [form, fields] = useForm<ResetCompleteFields>({
    id: "reset-complete",
    lastResult: result,
    shouldRevalidate: "onInput",
    defaultValue: sentTo ? { identifier: sentTo } : undefined,
  });
  return (
    <>
      {sentTo ? <FormMessage tone="success" message={t("reset.sent", { identifier: sentTo })} /> : null}
      <FormMessage invalid={form.status === "error"} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="complete" />
        <input {...getInputProps(fields.identifier, { type: "hidden" })} />
        <Field meta={fields.code} label={t("reset.code")} help={t("reset.codeHelp")} autoComplete="one-time-code" inputMode="numeric" />
        <Field meta={fields.password} label={t("reset.password")} type="password" autoComplete="new-password" />
        <button type="submit" className="button">
          {t("reset.completeSubmit")}
        </button>
      </Form>
      <Form method="post">
        <input type="hidden" name="intent" value="request" />
        <input type="hidden" name="identifier" value={sentTo ?? fields.identifier.initialValue?.toString() ?? ""} />
        <button type="submit" className="link-button">
          {t("reset.again")}
        </button>
      </Form>
    </>
  );
}
