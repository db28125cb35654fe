import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { readDemographics } from "~/domain/surveys-forms.server";
import { pick } from "~/domain/translated";
import { listDistricts } from "~/models/municipality.server";
import { hasResponded, saveDraft } from "~/models/surveys.server";
import { DemographicsFields } from "~/ui/demographics";
import { FormMessage } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { readForm } from "~/utils/form.server";
import { getLanguage } from "~/utils/i18n.server";
import { getUser } from "~/utils/session.server";
import { activePages, answerRefusal, finishAndRedirect, liveAnswers, readDraft, respondentKey, surveyIdFrom, visibleSurvey } from "~/utils/surveys-view.server";
import { passHeaders } from "~/ui/headers";

export const headers = passHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

// The optional "about you" page: age band, gender and district, each skippable, and kept only
// with the resident's own consent on this page. Used for statistics by group, never to identify.
async function context(request: Request, params: { id?: string }) {
  const user = await getUser(request);
  const { survey, preview } = visibleSurvey(surveyIdFrom(params), user);
  const intro = `/surveys/${survey.id}`;
  const now = new Date();
  if (!survey.demographics || ((now < survey.opensAt || now >= survey.closesAt) && !preview) || answerRefusal(survey, user)) throw redirect(intro);
  const { who, setCookie } = await respondentKey(request, user);
  if (survey.onePerPerson && hasResponded(survey.id, who)) throw redirect(`${intro}/done`);
  return { user, survey, preview, who, headers: setCookie ? { "Set-Cookie": setCookie } : ({} as Record<string, string>) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { survey, preview, who, headers } = await context(request, params);
  const language = await getLanguage(request);
  const draft = readDraft(survey.id, who);
  const pages = activePages(survey, liveAnswers(survey, draft));
  return json(
    {
      title: pick(survey.title, language),
      preview,
      step: pages.length + 1,
      steps: pages.length + 1,
      districts: listDistricts().map((d) => ({ id: d.id, name: pick(d.name, language) })),
      chosen: draft.demographics ?? null,
    },
    { headers },
  );
}


export async function action({ request, params }: ActionFunctionArgs) {
  const { user, survey, who, headers } = await context(request, params);
  const formData = await readForm(request);
  const about = readDemographics((name) => formData.get(name), listDistricts().map((x) => x.id));
  const draft = readDraft(survey.id, who);
  // Without consent nothing from this page is kept.
  const demographics = formData.get("consent") === "on" ? about : { ageBand: null, gender: null, districtId: null };
  const next = { ...draft, demographics };
  saveDraft(survey.id, who, next);
  if (formData.get("nav") === "back") {
    const pages = activePages(survey, liveAnswers(survey, next));
    return redirect(`/surveys/${survey.id}/${pages[pages.length - 1] ?? 1}`, { headers });
  }
  return finishAndRedirect(survey, who, user, next, headers);
}

export default function AboutYou() {
  const d = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTranslation("surveys");
  const chosen = d.chosen;
  return (
    <section className="narrow">
      {d.preview ? <FormMessage message={t("preview")} /> : null}
      <p className="meta">{d.title}</p>
      <p className="progress-line">
        <label htmlFor="progress">{t("answer.progress", { n: d.step, of: d.steps })}</label>
        <progress id="progress" max={d.steps} value={d.step} />
      </p>
      <h1>{t("about.title")}</h1>
      <p>{t("about.lead")}</p>
      {data && "refused" in data && data.refused ? <FormMessage message={t(`answer.refused.${data.refused}`)} /> : null}
      <Form method="post" className="survey-form">
        <div className="field field-checkbox">
          <input type="checkbox" id="consent" name="consent" defaultChecked={Boolean(chosen && (chosen.ageBand || chosen.gender || chosen.districtId))} />
          <label htmlFor="consent">{t("about.consent")}</label>
        </div>
        <DemographicsFields districts={d.districts} chosen={chosen} />
        <div className="actions">
          <button type="submit" name="nav" value="next" className="button">
            {t("answer.submit")}
          </button>
          <button type="submit" name="nav" value="back" className="button button-secondary">
            {t("answer.back")}
          </button>
        </div>
      </Form>
    </section>
  );
}
