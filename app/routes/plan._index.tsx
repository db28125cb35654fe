import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pick } from "~/domain/translated";
import { listPlan } from "~/models/plan.server";
import { formatNumber } from "~/ui/format";
import { pageTitle } from "~/ui/meta";
import { Progress } from "~/ui/progress";
import { getLanguage, getT } from "~/utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

export async function loader({ request }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const t = getT(language, "plan");
  return json({
    title: t("plan.title"),
    goals: listPlan().map((g) => ({
      id: g.id,
      title: pick(g.title, language),
      description: pick(g.description, language),
      measures: g.measures.map((m) => ({ id: m.id, title: pick(m.title, language), status: m.status, progress: m.progress, progressShown: `${formatNumber(language, m.progress)} %` })),
    })),
  });
}

export default function Plan() {
  const { title, goals } = useLoaderData<typeof loader>();
  const { t } = useTranslation("plan");
  return (
    <section>
      <h1>{title}</h1>
      <p className="lead">{t("plan.lead")}</p>
      <p>
        <Link to="/results">{t("plan.youSaid")}</Link> · <Link to="/plan/report">{t("plan.report")}</Link>
      </p>
      <ul className="cards">
        {goals.map((g) => (
          <li key={g.id} className="card">
            <h2>
              <Link to={`/plan/${g.id}`}>{g.title}</Link>
            </h2>
            <p>{g.description}</p>
            {g.measures.length ? (
              <ul className="measure-list">
                {g.measures.map((m) => (
                  <li key={m.id}>
                    {m.title} · {t(`status.${m.status}`)} <Progress value={m.progress} shown={m.progressShown} label={t("plan.progressOf", { title: m.title })} />
                  </li>
                ))}
              </ul>
            ) : (
              <p className="meta">{t("plan.noMeasures")}</p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
