import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getAccountSince } from "~/models/users.server";
import { formatDate } from "~/ui/format";
import { pageTitle } from "~/ui/meta";
import { getLanguage, getT } from "~/utils/i18n.server";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const language = await getLanguage(request);
  return json({
    title: getT(language)("me.title"),
    user: {
      displayName: user.displayName,
      email: user.email,
      phone: user.phone,
      role: user.role,
      since: formatDate(language, getAccountSince(user.id)),
    },
  });
}

export default function Me() {
  const { title, user } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="narrow">
      <h1>{title}</h1>
      <dl className="facts">
        <dt>{t("me.name")}</dt>
        <dd>{user.displayName}</dd>
        {user.email ? (
          <>
            <dt>{t("me.email")}</dt>
            <dd>{user.email}</dd>
          </>
        ) : null}
        {user.phone ? (
          <>
            <dt>{t("me.phone")}</dt>
            <dd>{user.phone}</dd>
          </>
        ) : null}
        <dt>{t("me.role")}</dt>
        <dd>{t(`roles.${user.role}`)}</dd>
        <dt>{t("me.since")}</dt>
        <dd>{user.since}</dd>
      </dl>
      <p>{t("me.signOutLead")}</p>
      <Form method="post" action="/logout">
        <button type="submit" className="button">
          {t("nav.signOut")}
        </button>
      </Form>
    </section>
  );
}
