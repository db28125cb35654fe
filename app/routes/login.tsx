import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { safeRedirect } from "~/domain/accounts";
import { loginSchema, type LoginFields } from "~/domain/accounts-forms.server";
import { findUserForLogin } from "~/models/users.server";
import { Field, FormMessage } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { useLimitMessage } from "~/ui/rate-limit";
import { readForm, retryAfter } from "~/utils/form.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { verifyAgainstNothing, verifyPassword } from "~/utils/password.server";
import { checkLimits, clientIp } from "~/utils/rate-limit.server";
import { getUser, signIn } from "~/utils/session.server";
import { passHeaders } from "~/ui/headers";

export const headers = passHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"), "/me");
  if (await getUser(request)) throw redirect(redirectTo);
  const notice = url.searchParams.has("reset") ? "passwordChanged" : url.searchParams.has("signedOut") ? "signedOut" : null;
  return json({ title: getT(await getLanguage(request), "auth")("login.title"), redirectTo, notice });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: loginSchema });
  if (submission.status !== "success") {
    return json(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const { identifier, password, redirectTo } = submission.value;
  const limit = checkLimits([
    ["loginPerIp", clientIp(context)],
    ["loginPerAccount", identifier.value],
  ]);
  if (!limit.ok) {
    return json(submission.reply({ formErrors: [`rateLimited:${limit.retryAfterMs}`], hideFields: ["password"] }), {
      status: 429,
      headers: retryAfter(limit.retryAfterMs),
    });
  }
  const user = findUserForLogin(identifier);
  // An unknown account and a wrong password get the same answer, in about the same time.
  const ok = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstNothing(password);
  if (!user || !ok) {
    return json(submission.reply({ formErrors: ["failed"], hideFields: ["password"] }), { status: 401 });
  }
  return signIn(user.id, safeRedirect(redirectTo, "/me"));
}

export default function Login() {
  const { title, redirectTo, notice } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation("auth");
  const formErrors = lastResult?.error?.[""];
  const limitMessage = useLimitMessage(formErrors);
  const message = limitMessage ?? (formErrors?.includes("failed") ? t("login.failed") : undefined);
  const [form, fields] = useForm<LoginFields>({ lastResult, shouldRevalidate: "onInput", defaultValue: { redirectTo } });
  return (
    <section className="narrow">
      <h1>{title}</h1>
      {notice && !lastResult ? <FormMessage tone="success" message={t(`login.${notice}`)} /> : null}
      <FormMessage invalid={form.status === "error"} message={message} />
      <Form method="post" {...getFormProps(form)}>
        <input {...getInputProps(fields.redirectTo, { type: "hidden" })} />
        <Field meta={fields.identifier} label={t("login.identifier")} autoComplete="username" inputMode="email" />
        <Field meta={fields.password} label={t("login.password")} type="password" autoComplete="current-password" />
        <button type="submit" className="button">
          {t("login.submit")}
        </button>
      </Form>
      <p>
        <Link to="/reset">{t("login.forgot")}</Link>
      </p>
      <p>
        {t("login.noAccount")} <Link to="/join">{t("join.title")}</Link>
      </p>
    </section>
  );
}
