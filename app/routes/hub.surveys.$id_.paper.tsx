import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { answerRows, readAnswers, submittedValues, visibleQuestionIds } from "~/domain/survey-answers";
import { readDemographics } from "~/domain/surveys-forms.server";
import { pick } from "~/domain/translated";
import { recordAudit } from "~/models/audit.server";
import { listDistricts } from "~/models/municipality.server";
import { submitResponse } from "~/models/surveys.server";
import { DemographicsFields } from "~/ui/demographics";
import { FormMessage } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { SurveyQuestion } from "~/ui/survey-question";
import { readForm } from "~/utils/form.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { requireStaff } from "~/utils/session.server";
import { shownQuestion, surveyFrom, today } from "~/utils/surveys-view.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

// Staff type in paper questionnaires: every question on one page, one response per submit,
// stored with channel "paper" and the staff member who entered it.
function load(params: { id?: string }) {
  const survey = surveyFrom(params);
  return survey;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const survey = load(params);
  const language = await getLanguage(request);
  return json({
    title: getT(language, "surveys")("paper.title", { title: pick(survey.title, language) }),
    id: survey.id,
    questions: survey.questions.map((q) => shownQuestion(q, language)),
    demographics: survey.demographics,
    districts: listDistricts().map((d) => ({ id: d.id, name: pick(d.name, language) })),
  });
}


export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const survey = load(params);
  const formData = await readForm(request);
  const { answers, errors } = readAnswers(survey.questions, formData.entries());
  const visible = visibleQuestionIds(survey.questions, answers);
  // A question the paper's earlier answers skip is neither required nor kept.
  const shownErrors = Object.fromEntries(Object.entries(errors).filter(([id]) => visible.has(Number(id))));
  const rows = survey.questions.flatMap((q) => (visible.has(q.id) && answers[q.id] ? answerRows(q, answers[q.id]!) : []));
  if (Object.keys(shownErrors).length > 0 || rows.length === 0) {
    return json({ entered: false, entry: null, errors: shownErrors, values: submittedValues(survey.questions, formData.entries()), empty: rows.length === 0 }, { status: 400 });
  }
  const about = readDemographics((name) => formData.get(name), listDistricts().map((x) => x.id));
  const result = submitResponse({
    surveyId: survey.id,
    who: null,
    onePerPerson: false,
    anonymous: survey.anonymous,
    userId: null,
    channel: "paper",
    enteredBy: staff.id,
    day: today(),
    demographics: survey.demographics ? about : undefined,
    rows,
  });
  recordAudit({ actorId: staff.id, action: "survey.paperResponse", targetType: "survey", targetId: survey.id });
  return json({ entered: result.ok, entry: result.ok ? result.id : null, errors: {} as Record<string, string>, values: {} as Record<string, string | string[]>, empty: false });
}

export default function PaperResponses() {
  const d = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTranslation("surveys");
  const errors = data?.errors ?? {};
  return (
    <section className="narrow">
      <h1>{d.title}</h1>
      <p>
        <Link to={`/hub/surveys/${d.id}`}>{t("builder.backToSurvey")}</Link>
      </p>
      <p>{t("paper.lead")}</p>
      {data?.entered ? <FormMessage tone="success" message={t("paper.entered")} /> : null}
      {data?.empty ? <FormMessage message={t("paper.empty")} /> : <FormMessage invalid={Object.keys(errors).length > 0} />}
      {/* A new key after each entry gives a blank form for the next questionnaire. */}
      <Form method="post" key={data?.entry ?? "form"} className="survey-form">
        {d.questions.map((q) => (
          <SurveyQuestion key={q.id} q={q} values={data?.values ?? {}} error={errors[q.id]} />
        ))}
        {d.demographics ? (
          <fieldset className="question">
            <legend>{t("about.title")}</legend>
            <DemographicsFields districts={d.districts} />
          </fieldset>
        ) : null}
        <div className="actions">
          <button type="submit" className="button">
            {t("paper.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
