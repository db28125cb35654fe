import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listDistricts, listGoals } from "~/models/municipality.server";
import { countUsers } from "~/models/users.server";
import { formatNumber } from "~/ui/format";
import { pageTitle } from "~/ui/meta";
import { getLanguage, getT } from "~/utils/i18n.server";
import { requireStaff } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const language = await getLanguage(request);
  return json({
    title: getT(language, "hub")("title"),
    user: { displayName: user.displayName, role: user.role },
    figures: [
      { key: "accounts", value: formatNumber(language, countUsers()) },
      { key: "districts", value: formatNumber(language, listDistricts().length) },
      { key: "goals", value: formatNumber(language, listGoals().length) },
    ],
  });
}

export default function HubDashboard() {
  const { title, user, figures } = useLoaderData<typeof loader>();
  const { t } = useTranslation("hub");
  return (
    <section>
      <h1>{title}</h1>
      <p>{t("lead")}</p>
      <p>{t("dashboard.signedInAs", { name: user.displayName, role: t(`common:roles.${user.role}`) })}</p>
      <dl className="figures">
        {figures.map((f) => (
          <div key={f.key}>
            <dt>{t(`dashboard.${f.key}`)}</dt>
            <dd>{f.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
