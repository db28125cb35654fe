import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pick } from "~/domain/translated";
import { formatDateTime } from "~/ui/format";
import { pageTitle } from "~/ui/meta";
import { getLanguage, getT } from "~/utils/i18n.server";
import { getUser } from "~/utils/session.server";
import { surveyIdFrom, visibleSurvey } from "~/utils/surveys-view.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const { survey } = visibleSurvey(surveyIdFrom(params), user);
  const language = await getLanguage(request);
  return json({ title: getT(language, "surveys")("done.title"), id: survey.id, survey: pick(survey.title, language), closesAt: formatDateTime(language, survey.closesAt) });
}

export default function SurveyDone() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("surveys");
  return (
    <section className="narrow">
      <p className="notice notice-success" role="status">
        {t("done.recorded")}
      </p>
      <h1>{d.title}</h1>
      <p>{t("done.lead", { title: d.survey, when: d.closesAt })}</p>
      <p className="actions">
        <Link to="/surveys">{t("done.allSurveys")}</Link>
        <Link to={`/surveys/${d.id}/results`}>{t("seeResults")}</Link>
      </p>
    </section>
  );
}
