import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/ui/meta";
import { getLanguage, getT } from "~/utils/i18n.server";
import { requireUser, signOut } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

// Signing out changes state, so it is a POST; a GET (a typed or bookmarked link) asks first.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return json({ title: getT(await getLanguage(request), "auth")("logout.title") });
}

export async function action({ request }: ActionFunctionArgs) {
  return signOut(request);
}

export default function Logout() {
  const { title } = useLoaderData<typeof loader>();
  const { t } = useTranslation("auth");
  return (
    <section className="narrow">
      <h1>{title}</h1>
      <p>{t("logout.lead")}</p>
      <Form method="post">
        <button type="submit" className="button">
          {t("logout.submit")}
        </button>
      </Form>
    </section>
  );
}
