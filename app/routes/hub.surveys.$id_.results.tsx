import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { pick } from "~/domain/translated";
import { setTextPublished } from "~/models/surveys.server";
import { formatNumber } from "~/ui/format";
import { pageTitle } from "~/ui/meta";
import { SurveyResultsView } from "~/ui/survey-results";
import { readForm } from "~/utils/form.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { requireStaff } from "~/utils/session.server";
import { surveyResults } from "~/utils/surveys-results.server";
import { surveyFrom } from "~/utils/surveys-view.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

function load(params: { id?: string }) {
  const survey = surveyFrom(params);
  return survey;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const survey = load(params);
  const language = await getLanguage(request);
  const t = getT(language, "surveys");
  const results = surveyResults(survey, language, { staff: true, t });
  // The newest free-text answers of each question, more of one question when asked (?texts=ID).
  const more = Number(new URL(request.url).searchParams.get("texts"));
  const questions = results.questions.map((q) => (q.id === more || q.texts.length <= TEXTS_SHOWN ? { ...q, more: false } : { ...q, texts: q.texts.slice(0, TEXTS_SHOWN), more: true }));
  return json({ title: t("results.title", { title: pick(survey.title, language) }), id: survey.id, total: formatNumber(language, results.total), questions });
}

/** Free-text answers shown for each question at first. */
const TEXTS_SHOWN = 20;

const publishSchema = z.object({ intent: z.enum(["publish", "unpublish"]), answer: z.coerce.number().int().positive() });

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const survey = load(params);
  const formData = await readForm(request);
  const parsed = publishSchema.safeParse({ intent: formData.get("intent"), answer: formData.get("answer") });
  if (!parsed.success) throw json({ reason: "badRequest" }, { status: 400 });
  const done = setTextPublished(survey.id, parsed.data.answer, parsed.data.intent === "publish", staff.id);
  if (!done) throw json({ reason: "notFound" }, { status: 404 });
  return json({ ok: true });
}

export default function HubSurveyResults() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("surveys");
  return (
    <section>
      <h1>{d.title}</h1>
      <p>
        <Link to={`/hub/surveys/${d.id}`}>{t("builder.backToSurvey")}</Link>
      </p>
      <p className="lead">{t("results.responses", { n: d.total })}</p>
      <p className="actions">
        <a href={`/hub/surveys/${d.id}/export.csv`} download>
          {t("export.csv")}
        </a>
        <a href={`/hub/surveys/${d.id}/export.xlsx`} download>
          {t("export.xlsx")}
        </a>
        <a href={`/hub/surveys/${d.id}/export.json`} download>
          {t("export.json")}
        </a>
        <Link to={`/hub/surveys/${d.id}/import`}>{t("import.link")}</Link>
      </p>
      <SurveyResultsView questions={d.questions} staff />
    </section>
  );
}
