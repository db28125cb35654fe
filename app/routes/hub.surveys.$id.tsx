import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { phase } from "~/domain/rounds";
import type { SurveySettingsFields } from "~/domain/surveys-forms.server";
import { pick } from "~/domain/translated";
import { text } from "~/domain/validation.server";
import { addSection, deleteQuestion, deleteSection, duplicateQuestion, moveQuestion, renameSection, responseTotal, setSurveyPublished, updateSurvey } from "~/models/surveys.server";
import { formatNumber } from "~/ui/format";
import { FormMessage } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { SurveySettingsView } from "~/ui/survey-forms";
import { readForm } from "~/utils/form.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { requireStaff } from "~/utils/session.server";
import { surveyFrom } from "~/utils/surveys-view.server";
import { LANGUAGE_NAMES, LANGUAGES } from "~/utils/i18n";
import { readSurveySettings, surveyDefaults } from "~/utils/surveys-hub.server";

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
  return json({
    title: t("builder.editTitle", { title: pick(survey.title, language) }),
    id: survey.id,
    phase: phase(survey, new Date()),
    responses: formatNumber(language, responseTotal(survey.id)),
    defaults: surveyDefaults(survey),
    sections: survey.sections.map((s) => ({
      id: s.id,
      title: pick(s.title, language),
      titles: s.title,
      questions: s.questions.map((q) => ({ id: q.id, text: pick(q.text, language), type: q.type, required: q.required, conditional: q.condition !== null })),
    })),
  });
}

const intentSchema = z.object({ intent: z.enum(["settings", "publish", "unpublish", "addSection", "renameSection", "deleteSection", "up", "down", "duplicate", "delete"]) });
const target = z.object({ target: z.coerce.number().int().positive() });
const sectionTitle = z.object({ ka: text({ max: 160 }).optional(), en: text({ max: 160 }).optional(), az: text({ max: 160 }).optional(), ru: text({ max: 160 }).optional() });

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const survey = load(params);
  const formData = await readForm(request);
  const parsed = intentSchema.safeParse({ intent: formData.get("intent") });
  if (!parsed.success) throw json({ reason: "badRequest" }, { status: 400 });
  const intent = parsed.data.intent;
  const reply = (done: string | null, refused: string | null = null, status = 200) => json({ done, refused, settings: null }, { status });
  switch (intent) {
    case "settings": {
      const { submission, columns } = readSurveySettings(formData);
      if (!columns) return json({ done: null, refused: null, settings: submission.reply() }, { status: 400 });
      updateSurvey(survey.id, columns, staff.id);
      return json({ done: "saved", refused: null, settings: submission.reply() });
    }
    case "publish":
      if (survey.questions.length === 0) return reply(null, "noQuestions", 409);
      setSurveyPublished(survey.id, true, staff.id);
      return reply("published");
    case "unpublish":
      setSurveyPublished(survey.id, false, staff.id);
      return reply("unpublished");
    case "addSection":
    case "renameSection": {
      const title = sectionTitle.safeParse({ ka: formData.get("title.ka") || undefined, en: formData.get("title.en") || undefined, az: formData.get("title.az") || undefined, ru: formData.get("title.ru") || undefined });
      if (!title.success) return reply(null, "badTitle", 400);
      const clean = Object.fromEntries(Object.entries(title.data).filter(([, v]) => v)) as Record<string, string>;
      if (intent === "addSection") {
        addSection(survey.id, clean, staff.id);
        return reply("sectionAdded");
      }
      const which = target.safeParse({ target: formData.get("target") });
      if (!which.success) throw json({ reason: "badRequest" }, { status: 400 });
      return renameSection(survey.id, which.data.target, clean, staff.id) ? reply("saved") : reply(null, "notFound", 404);
    }
    case "deleteSection": {
      const which = target.safeParse({ target: formData.get("target") });
      if (!which.success) throw json({ reason: "badRequest" }, { status: 400 });
      return deleteSection(survey.id, which.data.target, staff.id) ? reply("sectionDeleted") : reply(null, "sectionNotEmpty", 409);
    }
    case "up":
    case "down":
    case "duplicate":
    case "delete": {
      const which = target.safeParse({ target: formData.get("target") });
      if (!which.success) throw json({ reason: "badRequest" }, { status: 400 });
      if (intent === "duplicate") return duplicateQuestion(survey.id, which.data.target, staff.id) ? reply("duplicated") : reply(null, "notFound", 404);
      if (intent === "delete") {
        const result = deleteQuestion(survey.id, which.data.target, staff.id);
        return result.ok ? reply("deleted") : reply(null, result.reason, 409);
      }
      return moveQuestion(survey.id, which.data.target, intent, staff.id) ? reply("saved") : reply(null, "cannotMove", 409);
    }
  }
}

function SectionTitleFields({ id, titles }: { id: string; titles: Partial<Record<string, string>> }) {
  const { t } = useTranslation("surveys");
  return (
    <>
      {LANGUAGES.map((l) => (
        <div className="field" key={l}>
          <label htmlFor={`${id}-${l}`}>{t("builder.sectionTitleIn", { language: LANGUAGE_NAMES[l] })}</label>
          <input id={`${id}-${l}`} name={`title.${l}`} defaultValue={titles[l] ?? ""} maxLength={160} />
        </div>
      ))}
    </>
  );
}

export default function SurveyBuilder() {
  const { title, id, phase: p, responses, defaults, sections } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t } = useTranslation("surveys");
  const [form, fields] = useForm<SurveySettingsFields>({ id: "settings", lastResult: data?.settings, defaultValue: defaults, shouldRevalidate: "onInput" });
  const done = data?.done ?? (search.get("created") ? "created" : search.get("saved") ? "saved" : null);
  const allQuestions = sections.flatMap((s) => s.questions);
  return (
    <section>
      <h1>{title}</h1>
      {done ? <FormMessage tone="success" message={t(`builder.done.${done}`)} /> : null}
      {data?.refused ? <FormMessage message={t(`builder.refused.${data.refused}`)} /> : null}
      <p>
        {t("hub.status")}: <strong>{t(`phase.${p}`)}</strong> · {t("hub.responses")}: {responses}
      </p>
      <div className="actions">
        <Form method="post">
          {p === "draft" ? (
            <button type="submit" name="intent" value="publish" className="button">
              {t("builder.publish")}
            </button>
          ) : (
            <button type="submit" name="intent" value="unpublish" className="button button-secondary">
              {t("builder.unpublish")}
            </button>
          )}
        </Form>
        <Link to={`/surveys/${id}`}>{t("builder.preview")}</Link>
        <Link to={`/hub/surveys/${id}/results`}>{t("builder.results")}</Link>
        <Link to={`/hub/surveys/${id}/paper`}>{t("builder.paper")}</Link>
        <Link to={`/hub/surveys/${id}/poster`}>{t("builder.poster")}</Link>
      </div>

      {sections.map((s, si) => (
        <section key={s.id} className="panel" aria-labelledby={`section-${s.id}`}>
          <h2 id={`section-${s.id}`}>{s.title ? t("builder.sectionHeading", { n: si + 1, title: s.title }) : t("builder.sectionN", { n: si + 1 })}</h2>
          {s.questions.length ? (
            <ol className="option-list">
              {s.questions.map((q) => {
                const index = allQuestions.findIndex((x) => x.id === q.id);
                return (
                  <li key={q.id}>
                    <Link to={`/hub/surveys/${id}/questions/${q.id}`}>{q.text}</Link> · {t(`types.${q.type}`)}
                    {q.required ? ` · ${t("builder.requiredShort")}` : ""}
                    {q.conditional ? ` · ${t("builder.conditional")}` : ""}
                    <Form method="post" className="inline-actions">
                      <input type="hidden" name="target" value={q.id} />
                      <button type="submit" name="intent" value="up" className="link-button" disabled={index === 0}>
                        {t("builder.moveUp", { title: q.text })}
                      </button>
                      <button type="submit" name="intent" value="down" className="link-button" disabled={index === allQuestions.length - 1}>
                        {t("builder.moveDown", { title: q.text })}
                      </button>
                      <button type="submit" name="intent" value="duplicate" className="link-button">
                        {t("builder.duplicate", { title: q.text })}
                      </button>
                      <button type="submit" name="intent" value="delete" className="link-button">
                        {t("builder.delete", { title: q.text })}
                      </button>
                    </Form>
                  </li>
                );
              })}
            </ol>
          ) : (
            <p>{t("builder.emptySection")}</p>
          )}
          <p className="actions">
            <Link className="button button-secondary" to={`/hub/surveys/${id}/questions/new?section=${s.id}`}>
              {t("builder.addQuestion")}
            </Link>
          </p>
          <details>
            <summary>{t("builder.renameSection")}</summary>
            <Form method="post">
              <input type="hidden" name="target" value={s.id} />
              <SectionTitleFields id={`section-${s.id}`} titles={s.titles} />
              <button type="submit" name="intent" value="renameSection" className="button button-secondary">
                {t("builder.save")}
              </button>
              {s.questions.length === 0 && sections.length > 1 ? (
                <button type="submit" name="intent" value="deleteSection" className="link-button">
                  {t("builder.deleteSection")}
                </button>
              ) : null}
            </Form>
          </details>
        </section>
      ))}
      <Form method="post" className="panel">
        <h2 className="h3">{t("builder.newSection")}</h2>
        <SectionTitleFields id="new-section" titles={{}} />
        <button type="submit" name="intent" value="addSection" className="button button-secondary">
          {t("builder.addSection")}
        </button>
      </Form>

      <h2>{t("builder.settings")}</h2>
      <FormMessage invalid={form.status === "error"} />
      <Form method="post" {...getFormProps(form)}>
        <SurveySettingsView fields={fields} />
        <button type="submit" name="intent" value="settings" className="button">
          {t("builder.save")}
        </button>
      </Form>
    </section>
  );
}
