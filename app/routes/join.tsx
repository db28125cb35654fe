import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { registerSchema, type RegisterFields } from "~/domain/accounts-forms.server";
import { PRIVACY_NOTICE_VERSION } from "~/models/consents.server";
import { createUser } from "~/models/users.server";
import { Checkbox, Field, FormMessage } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { useLimitMessage } from "~/ui/rate-limit";
import { readForm, retryAfter } from "~/utils/form.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { hashPassword } from "~/utils/password.server";
import { checkLimits, clientIp } from "~/utils/rate-limit.server";
import { getUser, signIn } from "~/utils/session.server";
import { passHeaders } from "~/ui/headers";

export const headers = passHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect("/me");
  return json({ title: getT(await getLanguage(request), "auth")("join.title") });
}

export async function action({ request, context }: ActionFunctionArgs) {
  // Signed in already: one account per person, as the page itself says by sending them to /me.
  if (await getUser(request)) throw redirect("/me");
  const submission = parseWithZod(await readForm(request), { schema: registerSchema });
  if (submission.status !== "success") {
    return json(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const limit = checkLimits([["registerPerIp", clientIp(context)]]);
  if (!limit.ok) {
    return json(submission.reply({ formErrors: [`rateLimited:${limit.retryAfterMs}`], hideFields: ["password"] }), {
      status: 429,
      headers: retryAfter(limit.retryAfterMs),
    });
  }
  const { displayName, identifier, password } = submission.value;
  const user = createUser({
    displayName,
    identifier,
    passwordHash: await hashPassword(password),
    locale: await getLanguage(request),
    consent: { kind: "privacy-notice", version: PRIVACY_NOTICE_VERSION },
  });
  if (!user) {
    return json(submission.reply({ fieldErrors: { identifier: ["accountExists"] }, hideFields: ["password"] }), {
      status: 409,
    });
  }
  return signIn(user.id, "/me");
}

export default function Join() {
  const { title } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation("auth");
  const limitMessage = useLimitMessage(lastResult?.error?.[""]);
  const [form, fields] = useForm<RegisterFields>({ lastResult, shouldRevalidate: "onInput" });
  return (
    <section className="narrow">
      <h1>{title}</h1>
      <p>{t("join.lead")}</p>
      <FormMessage invalid={form.status === "error"} message={limitMessage} />
      <Form method="post" {...getFormProps(form)}>
        <Field meta={fields.displayName} label={t("join.displayName")} help={t("join.displayNameHelp")} autoComplete="name" />
        <Field
          meta={fields.identifier}
          label={t("join.identifier")}
          help={t("join.identifierHelp")}
          autoComplete="username"
          inputMode="email"
        />
        <Field
          meta={fields.password}
          label={t("join.password")}
          help={t("join.passwordHelp")}
          type="password"
          autoComplete="new-password"
        />
        <Checkbox meta={fields.consent} label={t("join.consent")}>
          <Link to="/privacy" target="_blank" rel="noopener">
            ({t("common:footer.privacy")})
          </Link>
        </Checkbox>
        <button type="submit" className="button">
          {t("join.submit")}
        </button>
      </Form>
      <p>
        {t("join.haveAccount")} <Link to="/login">{t("login.title")}</Link>
      </p>
    </section>
  );
}
