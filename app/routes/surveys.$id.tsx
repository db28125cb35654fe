import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { phase } from "~/domain/rounds";
import { pick } from "~/domain/translated";
import { hasResponded } from "~/models/surveys.server";
import { formatDateTime } from "~/ui/format";
import { FormMessage } from "~/ui/form";
import { pageTitle } from "~/ui/meta";
import { getLanguage } from "~/utils/i18n.server";
import { getUser } from "~/utils/session.server";
import { activePages, answerRefusal, liveAnswers, readDraft, respondentKey, resumePage, surveyIdFrom, visibleSurvey } from "~/utils/surveys-view.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

// A survey's first page: what it is about, how answers are kept, and where to start or continue.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const { survey, preview } = visibleSurvey(surveyIdFrom(params), user);
  const language = await getLanguage(request);
  const { who } = await respondentKey(request, user);
  const draft = readDraft(survey.id, who);
  const answers = liveAnswers(survey, draft);
  const pages = activePages(survey, answers);
  const now = new Date();
  return json({
    title: pick(survey.title, language),
    id: survey.id,
    description: pick(survey.description, language),
    phase: phase(survey, now),
    opensAt: formatDateTime(language, survey.opensAt),
    closesAt: formatDateTime(language, survey.closesAt),
    anonymous: survey.anonymous,
    signedIn: Boolean(user),
    refusal: answerRefusal(survey, user),
    answered: survey.onePerPerson && hasResponded(survey.id, who),
    resume: Object.keys(answers).length > 0,
    firstPage: pages[0] ?? 1,
    continueAt: resumePage(survey, answers),
    pages: pages.length,
    demographics: survey.demographics,
    preview,
  });
}

export default function SurveyIntro() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("surveys");
  return (
    <section className="narrow">
      {d.preview ? <FormMessage message={t("preview")} /> : null}
      <h1>{d.title}</h1>
      {d.description ? <p className="lead">{d.description}</p> : null}
      <p className="meta">{d.phase === "upcoming" ? t("opensOn", { when: d.opensAt }) : d.phase === "open" ? t("closesOn", { when: d.closesAt }) : t("closedOn", { when: d.closesAt })}</p>
      <h2>{t("intro.privacyTitle")}</h2>
      <p>{d.anonymous ? t("intro.anonymous") : t("intro.named")}</p>
      {!d.signedIn && !d.refusal ? <p>{t("intro.browserCookie")}</p> : null}
      {d.demographics ? <p>{t("intro.demographics")}</p> : null}
      {d.answered ? (
        <p className="notice notice-success">{t("intro.answered")}</p>
      ) : d.phase !== "open" && !d.preview ? null : d.refusal === "signIn" ? (
        <p className="notice">
          <Link to={`/login?${new URLSearchParams({ redirectTo: `/surveys/${d.id}` })}`}>{t("intro.signIn")}</Link>
        </p>
      ) : d.refusal === "verifiedOnly" ? (
        <div className="notice notice-error">
          <p>{t("intro.verifiedOnly")}</p>
          <p>
            <Link to="/me/verify">{t("intro.getVerified")}</Link>
          </p>
        </div>
      ) : (
        <>
          <p>{t("intro.pages", { n: d.pages })}</p>
          <p className="actions">
            <Link className="button" to={`/surveys/${d.id}/${d.resume ? d.continueAt : d.firstPage}`}>
              {d.resume ? t("intro.continue") : t("intro.start")}
            </Link>
          </p>
        </>
      )}
      {d.phase === "closed" ? (
        <p>
          <Link to={`/surveys/${d.id}/results`}>{t("seeResults")}</Link>
        </p>
      ) : null}
    </section>
  );
}
