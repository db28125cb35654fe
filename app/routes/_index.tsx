import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pick } from "~/domain/translated";
import { phase } from "~/domain/rounds";
import { listDistricts, listGoals } from "~/models/municipality.server";
import { listPublishedRounds } from "~/models/rounds.server";
import { listPublishedSurveys } from "~/models/surveys.server";
import { formatDateTime } from "~/ui/format";
import { useRootData } from "~/root";
import { pageTitle } from "~/ui/meta";
import { getLanguage } from "~/utils/i18n.server";
import { getUser } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(undefined, matches);

export async function loader({ request }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const user = await getUser(request);
  const now = new Date();
  return json({
    signedIn: Boolean(user),
    open: listPublishedRounds(now)
      .current.filter((r) => phase(r, now) === "open")
      .map((r) => ({ id: r.id, title: pick(r.title, language), closesAt: formatDateTime(language, r.closesAt) })),
    surveys: listPublishedSurveys(now)
      .current.filter((s) => phase(s, now) === "open")
      .map((s) => ({ id: s.id, title: pick(s.title, language), closesAt: formatDateTime(language, s.closesAt) })),
    goals: listGoals().map((g) => ({ id: g.id, slug: g.slug, title: pick(g.title, language), description: pick(g.description, language) })),
    districts: listDistricts().map((d) => ({ id: d.id, name: pick(d.name, language) })),
  });
}

export default function Home() {
  const { goals, districts, signedIn, open, surveys } = useLoaderData<typeof loader>();
  const root = useRootData();
  const { t } = useTranslation();
  const { t: tr } = useTranslation("rounds");
  const city = root?.city ?? "";
  return (
    <>
      <section className="hero">
        <h1>{t("home.title", { city })}</h1>
        <p className="lead">{t("home.lead")}</p>
        {root?.user ? (
          <p>{t("home.welcomeBack", { name: root.user.displayName })}</p>
        ) : (
          <p className="actions">
            <Link className="button" to="/join">
              {t("home.joinCta")}
            </Link>
            <Link to="/login">{t("home.signInCta")}</Link>
          </p>
        )}
      </section>
      <section aria-labelledby="open-now">
        <h2 id="open-now">{t("home.openNow")}</h2>
        {open.length || surveys.length ? (
          <ul className="cards">
            {open.map((r) => (
              <li key={`r${r.id}`} className="card">
                <h3>
                  <Link to={`/rounds/${r.id}`}>{r.title}</Link>
                </h3>
                <p>{tr("closesOn", { when: r.closesAt })}</p>
              </li>
            ))}
            {surveys.map((s) => (
              <li key={`s${s.id}`} className="card">
                <h3>
                  <Link to={`/surveys/${s.id}`}>{s.title}</Link>
                </h3>
                <p>{tr("closesOn", { when: s.closesAt })}</p>
              </li>
            ))}
          </ul>
        ) : (
          <p>{signedIn ? t("home.nothingOpenSignedIn") : t("home.nothingOpen")}</p>
        )}
      </section>
      <section aria-labelledby="goals">
        <h2 id="goals">{t("home.goalsTitle")}</h2>
        <p>{t("home.goalsLead", { city })}</p>
        <ul className="cards">
          {goals.map((goal) => (
            <li key={goal.id} className="card">
              <h3>{goal.title}</h3>
              <p>{goal.description}</p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="districts">
        <h2 id="districts">{t("home.districtsTitle")}</h2>
        <p>{t("home.districtsLead", { city, count: districts.length })}</p>
        <ul className="tags">
          {districts.map((d) => (
            <li key={d.id}>{d.name}</li>
          ))}
        </ul>
      </section>
    </>
  );
}
