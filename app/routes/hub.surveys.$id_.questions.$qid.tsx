import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { QuestionFields } from "~/domain/surveys-forms.server";
import { pick } from "~/domain/translated";
import { addQuestion, questionHasAnswers, updateQuestion } from "~/models/surveys.server";
import { FormMessage } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { QuestionFieldsView } from "~/ui/survey-forms";
import { readForm } from "~/utils/form.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { requireStaff } from "~/utils/session.server";
import { conditionChoices, questionDefaults, readQuestion } from "~/utils/surveys-hub.server";
import { surveyFrom } from "~/utils/surveys-view.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

// Adds a question (/hub/surveys/:id/questions/new?section=…) or changes one (/…/questions/:qid).
function load(request: Request, params: { id?: string; qid?: string }) {
  const survey = surveyFrom(params);
  if (params.qid === "new") {
    const sectionId = Number(new URL(request.url).searchParams.get("section"));
    const section = survey.sections.find((s) => s.id === sectionId) ?? survey.sections[0];
    if (!section) throw json({ reason: "notFound" }, { status: 404 });
    return { survey, question: null, sectionId: section.id };
  }
  const question = survey.questions.find((q) => String(q.id) === params.qid);
  if (!question) throw json({ reason: "notFound" }, { status: 404 });
  return { survey, question, sectionId: question.sectionId };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const { survey, question, sectionId } = load(request, params);
  const language = await getLanguage(request);
  const t = getT(language, "surveys");
  return json({
    title: question ? t("builder.editQuestion") : t("builder.addQuestion"),
    surveyId: survey.id,
    defaults: question ? questionDefaults(question) : ({ type: "single", text: { ka: "" }, help: { ka: "" }, scale: "1-5" } satisfies QuestionFields),
    conditions: conditionChoices(survey, sectionId, language).filter((c) => c.id !== question?.id),
    // Once answered, a question keeps its type and scale (the model refuses a change anyway).
    typeLocked: question ? questionHasAnswers(question.id) : false,
    surveyTitle: pick(survey.title, language),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const { survey, question, sectionId } = load(request, params);
  const { submission, columns } = readQuestion(await readForm(request));
  if (!columns) return json({ result: submission.reply(), refused: null }, { status: 400 });
  const result = question ? updateQuestion(survey.id, question.id, columns, staff.id) : addQuestion(survey.id, sectionId, columns, staff.id);
  if (!result.ok) return json({ result: submission.reply(), refused: result.reason }, { status: 409 });
  return redirect(`/hub/surveys/${survey.id}?saved=1`);
}

export default function QuestionEditor() {
  const { title, surveyId, defaults, conditions, typeLocked, surveyTitle } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTranslation("surveys");
  const [form, fields] = useForm<QuestionFields>({ lastResult: data?.result, defaultValue: defaults, shouldRevalidate: "onInput" });
  return (
    <section className="narrow">
      <h1>{title}</h1>
      <p>
        <Link to={`/hub/surveys/${surveyId}`}>{t("builder.backTo", { title: surveyTitle })}</Link>
      </p>
      <FormMessage invalid={form.status === "error"} />
      {data?.refused ? <FormMessage message={t(`builder.refused.${data.refused}`)} /> : null}
      <Form method="post" className="question-form" {...getFormProps(form)}>
        <QuestionFieldsView fields={fields} conditions={conditions} typeLocked={typeLocked} />
        <button type="submit" className="button">
          {t("builder.save")}
        </button>
      </Form>
    </section>
  );
}
