import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { phase } from "~/domain/rounds";
import { pick } from "~/domain/translated";
import { listSurveysForStaff } from "~/models/surveys.server";
import { formatDateTime, formatNumber } from "~/ui/format";
import { pageTitle } from "~/ui/meta";
import { ScrollTable } from "~/ui/table";
import { getLanguage, getT } from "~/utils/i18n.server";
import { requireStaff } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const language = await getLanguage(request);
  const now = new Date();
  return json({
    title: getT(language, "surveys")("hub.title"),
    surveys: listSurveysForStaff().map((s) => ({
      id: s.id,
      title: pick(s.title, language),
      phase: phase(s, now),
      period: `${formatDateTime(language, s.opensAt)} – ${formatDateTime(language, s.closesAt)}`,
      responses: formatNumber(language, s.responses),
    })),
  });
}

export default function HubSurveys() {
  const { title, surveys } = useLoaderData<typeof loader>();
  const { t } = useTranslation("surveys");
  return (
    <section>
      <div className="title-row">
        <h1>{title}</h1>
        <Link className="button" to="/hub/surveys/new">
          {t("hub.new")}
        </Link>
      </div>
      {surveys.length ? (
        <ScrollTable label={title}>
          <thead>
            <tr>
              <th scope="col">{t("hub.survey")}</th>
              <th scope="col">{t("hub.status")}</th>
              <th scope="col">{t("hub.period")}</th>
              <th scope="col">{t("hub.responses")}</th>
            </tr>
          </thead>
          <tbody>
            {surveys.map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  <Link to={`/hub/surveys/${s.id}`}>{s.title}</Link>
                </th>
                <td>{t(`phase.${s.phase}`)}</td>
                <td>{s.period}</td>
                <td>{s.responses}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      ) : (
        <p>{t("hub.none")}</p>
      )}
    </section>
  );
}
