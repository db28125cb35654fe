import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { phase } from "~/domain/rounds";
import { pick } from "~/domain/translated";
import { listPublishedSurveys } from "~/models/surveys.server";
import { formatDateTime } from "~/ui/format";
import { pageTitle } from "~/ui/meta";
import { getLanguage, getT } from "~/utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

export async function loader({ request }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const now = new Date();
  const { current, closed } = listPublishedSurveys(now);
  const card = (s: (typeof current)[number]) => ({
    id: s.id,
    title: pick(s.title, language),
    phase: phase(s, now),
    opensAt: formatDateTime(language, s.opensAt),
    closesAt: formatDateTime(language, s.closesAt),
  });
  return json({ title: getT(language, "surveys")("list.title"), current: current.map(card), closed: closed.map(card) });
}

export default function Surveys() {
  const { title, current, closed } = useLoaderData<typeof loader>();
  const { t } = useTranslation("surveys");
  const list = (items: typeof current) => (
    <ul className="cards">
      {items.map((s) => (
        <li key={s.id} className="card">
          <h3>
            <Link to={`/surveys/${s.id}`}>{s.title}</Link>
          </h3>
          <p>{s.phase === "upcoming" ? t("opensOn", { when: s.opensAt }) : s.phase === "open" ? t("closesOn", { when: s.closesAt }) : t("closedOn", { when: s.closesAt })}</p>
          {s.phase === "closed" ? (
            <p>
              <Link to={`/surveys/${s.id}/results`}>{t("seeResults")}</Link>
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
  return (
    <section>
      <h1>{title}</h1>
      <p className="lead">{t("list.lead")}</p>
      <h2>{t("list.current")}</h2>
      {current.length ? list(current) : <p>{t("list.noneOpen")}</p>}
      {closed.length ? (
        <>
          <h2>{t("list.closed")}</h2>
          {list(closed)}
        </>
      ) : null}
    </section>
  );
}
