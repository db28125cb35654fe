import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pick } from "~/domain/translated";
import { formatDateTime, formatNumber } from "~/ui/format";
import { pageTitle } from "~/ui/meta";
import { SurveyResultsView } from "~/ui/survey-results";
import { getLanguage, getT } from "~/utils/i18n.server";
import { getUser } from "~/utils/session.server";
import { surveyResults } from "~/utils/surveys-results.server";
import { surveyIdFrom, visibleSurvey } from "~/utils/surveys-view.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

// Public results, once the survey has closed: aggregates only, free text only as published by
// a moderator, cross-tabulations only when the survey allows them and always with small cells hidden.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const { survey } = visibleSurvey(surveyIdFrom(params), user);
  const language = await getLanguage(request);
  const t = getT(language, "surveys");
  const closed = new Date() >= survey.closesAt;
  const base = { title: t("results.title", { title: pick(survey.title, language) }), id: survey.id, closesAt: formatDateTime(language, survey.closesAt), language };
  if (!closed || !survey.published) return json({ ...base, total: null, questions: null });
  const results = surveyResults(survey, language, { staff: false, t });
  return json({ ...base, total: formatNumber(language, results.total), questions: results.questions });
}

export default function SurveyResults() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("surveys");
  return (
    <section>
      <h1>{d.title}</h1>
      {d.questions ? (
        <>
          <p className="lead">{t("results.responses", { n: d.total })}</p>
          <SurveyResultsView questions={d.questions} staff={false} />
          <p className="actions">
            <a href={`/api/v1/surveys/${d.id}/results?lng=${d.language}`}>{t("results.json")}</a>
          </p>
        </>
      ) : (
        <p>{t("results.notYet", { when: d.closesAt })}</p>
      )}
      <p>
        <Link to={`/surveys/${d.id}`}>{t("results.back")}</Link>
      </p>
    </section>
  );
}
