import { pick } from "~/domain/translated";
import { getSurvey } from "~/models/surveys.server";
import { apiJson, apiLoader, notFound, pathId } from "~/utils/api.server";
import { getT } from "~/utils/i18n.server";
import { surveyResults } from "~/utils/surveys-results.server";

// Open data: a closed survey's results, the same aggregates as its public page (free text only
// as published, cross-tabulations only when allowed and always with small cells hidden).
export const loader = apiLoader(({ request, params, language }) => {
  const survey = getSurvey(pathId(params.id));
  if (!survey || !survey.published || new Date() < survey.closesAt) return notFound();
  const results = surveyResults(survey, language, { staff: false, t: getT(language, "surveys") });
  return apiJson(
    request,
    {
      language,
      id: survey.id,
      title: pick(survey.title, language),
      closesAt: survey.closesAt.toISOString(),
      responses: results.total,
      questions: results.questions.map((q) => ({ ...q, texts: q.texts.map((x) => x.text) })),
    },
    { maxAge: 300, language },
  );
});
