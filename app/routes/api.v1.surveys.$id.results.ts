import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { pick } from "~/domain/translated";
import { getSurvey } from "~/models/surveys.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { surveyResults } from "~/utils/surveys-results.server";
import { surveyIdFrom } from "~/utils/surveys-view.server";

// Open data: a closed survey's results, the same aggregates as its public page (free text only
// as published, cross-tabulations only when allowed and always with small cells hidden).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const survey = getSurvey(surveyIdFrom(params));
  const cors = { "Access-Control-Allow-Origin": "*" };
  if (!survey || !survey.published || new Date() < survey.closesAt) throw json({ reason: "notFound" }, { status: 404, headers: cors });
  const language = await getLanguage(request);
  const results = surveyResults(survey, language, { staff: false, t: getT(language, "surveys") });
  return json(
    {
      language,
      id: survey.id,
      title: pick(survey.title, language),
      closesAt: survey.closesAt.toISOString(),
      responses: results.total,
      questions: results.questions.map((q) => ({ ...q, texts: q.texts.map((x) => x.text) })),
    },
    { headers: { ...cors, "Cache-Control": "public, max-age=300", Vary: "Cookie, Accept-Language" } },
  );
}
