import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formValues, readAnswers, submittedValues, visibleQuestionIds } from "~/domain/survey-answers";
import { pick } from "~/domain/translated";
import { hasResponded, saveDraft, type Survey } from "~/models/surveys.server";
import { FormMessage } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { SurveyQuestion } from "~/ui/survey-question";
import { readForm } from "~/utils/form.server";
import { getLanguage } from "~/utils/i18n.server";
import { getUser } from "~/utils/session.server";
import { activePages, answerRefusal, finishAndRedirect, liveAnswers, readDraft, respondentKey, shownQuestion, surveyIdFrom, visibleSurvey } from "~/utils/surveys-view.server";
import { passHeaders } from "~/ui/headers";

export const headers = passHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

// One page (section) of a survey. Answers are saved as a draft on every Next and Back, so a
// signed-in resident can stop and come back; nothing counts until the last page is submitted.
async function context(request: Request, params: { id?: string; page?: string }) {
  const user = await getUser(request);
  const { survey, preview } = visibleSurvey(surveyIdFrom(params), user);
  const page = /^[1-9]\d{0,2}$/.test(params.page ?? "") ? Number(params.page) : 0;
  const section = survey.sections[page - 1];
  const intro = `/surveys/${survey.id}`;
  if (!section) throw redirect(intro);
  const now = new Date();
  const open = now >= survey.opensAt && now < survey.closesAt;
  if ((!open && !preview) || answerRefusal(survey, user)) throw redirect(intro);
  const { who, setCookie } = await respondentKey(request, user);
  if (survey.onePerPerson && hasResponded(survey.id, who)) throw redirect(`${intro}/done`);
  return { user, survey, preview, page, section, who, setCookie };
}

function pageQuestions(survey: Survey, sectionId: number, answers: ReturnType<typeof liveAnswers>) {
  const visible = visibleQuestionIds(survey.questions, answers);
  return survey.questions.filter((q) => q.sectionId === sectionId && visible.has(q.id));
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { survey, preview, page, section, who, setCookie } = await context(request, params);
  const language = await getLanguage(request);
  const draft = readDraft(survey.id, who);
  const answers = liveAnswers(survey, draft);
  const pages = activePages(survey, answers);
  const questions = pageQuestions(survey, section.id, answers);
  // A page whose questions are all hidden by earlier answers is skipped.
  if (questions.length === 0) throw redirect(`/surveys/${survey.id}/${pages.find((p) => p > page) ?? pages[pages.length - 1] ?? 1}`);
  const values = Object.assign({}, ...questions.map((q) => formValues(q, answers[q.id])));
  return json(
    {
      title: pick(survey.title, language),
      id: survey.id,
      preview,
      sectionTitle: pick(section.title, language),
      step: pages.indexOf(page) + 1,
      steps: pages.length + (survey.demographics ? 1 : 0),
      last: page >= (pages[pages.length - 1] ?? page) && !survey.demographics,
      questions: questions.map((q) => shownQuestion(q, language)),
      values: values as Record<string, string | string[]>,
      missing: new URL(request.url).searchParams.get("missing") === "1",
    },
    { headers: setCookie ? { "Set-Cookie": setCookie } : {} },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, survey, page, section, who, setCookie } = await context(request, params);
  const formData = await readForm(request);
  const back = formData.get("nav") === "back";
  const draft = readDraft(survey.id, who);
  const before = liveAnswers(survey, draft);
  const questions = pageQuestions(survey, section.id, before);
  const { answers, errors } = readAnswers(questions, formData.entries());
  const merged = { ...draft.answers };
  for (const q of questions) delete merged[String(q.id)];
  for (const [id, a] of Object.entries(answers)) merged[id] = a;
  const headers: Record<string, string> = setCookie ? { "Set-Cookie": setCookie } : {};
  const next = { ...draft, answers: merged };
  if (back) {
    saveDraft(survey.id, who, next);
    const pages = activePages(survey, liveAnswers(survey, next));
    const previous = [...pages].reverse().find((p) => p < page);
    return redirect(previous ? `/surveys/${survey.id}/${previous}` : `/surveys/${survey.id}`, { headers });
  }
  if (Object.keys(errors).length > 0) {
    return json({ errors, values: submittedValues(questions, formData.entries()), refused: null }, { status: 400, headers });
  }
  saveDraft(survey.id, who, next);
  const pages = activePages(survey, liveAnswers(survey, next));
  const following = pages.find((p) => p > page);
  if (following) return redirect(`/surveys/${survey.id}/${following}`, { headers });
  if (survey.demographics) return redirect(`/surveys/${survey.id}/about`, { headers });
  return finishAndRedirect(survey, who, user, next, headers);
}

export default function SurveyPage() {
  const d = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTranslation("surveys");
  const values = data?.values && Object.keys(data.values).length ? data.values : d.values;
  const errors = data?.errors ?? {};
  return (
    <section className="narrow">
      {d.preview ? <FormMessage message={t("preview")} /> : null}
      <p className="meta">{d.title}</p>
      <p className="progress-line">
        <label htmlFor="progress">{t("answer.progress", { n: d.step, of: d.steps })}</label>
        <progress id="progress" max={d.steps} value={d.step} />
      </p>
      <h1>{d.sectionTitle || t("answer.pageN", { n: d.step })}</h1>
      {d.missing ? <FormMessage message={t("answer.missing")} /> : null}
      <FormMessage invalid={Object.keys(errors).length > 0} />
      {data?.refused ? <FormMessage message={t(`answer.refused.${data.refused}`)} /> : null}
      <Form method="post" className="survey-form" noValidate>
        {d.questions.map((q) => (
          <SurveyQuestion key={q.id} q={q} values={values} error={errors[q.id]} />
        ))}
        <div className="actions">
          {/* Next comes first, so that Enter in a field goes forward; the styles put Back on the left. */}
          <button type="submit" name="nav" value="next" className="button">
            {d.last ? t("answer.submit") : t("answer.next")}
          </button>
          <button type="submit" name="nav" value="back" className="button button-secondary">
            {t("answer.back")}
          </button>
        </div>
      </Form>
    </section>
  );
}
