import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { pick } from "~/domain/translated";
import { getMunicipality } from "~/models/municipality.server";
import { getMeasure, goalInput, listPlan } from "~/models/plan.server";
import { formatDate, formatNumber } from "~/ui/format";
import { pageTitle } from "~/ui/meta";
import { getLanguage, getT } from "~/utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

// The plan as a document for the city council: the whole plan or one goal (?goal=), in the page's
// language. The print stylesheet makes it a clean A4 document.
export async function loader({ request }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const t = getT(language, "plan");
  const goalFilter = z.coerce.number().int().positive().optional().catch(undefined).parse(new URL(request.url).searchParams.get("goal") ?? undefined);
  const plan = listPlan().filter((g) => !goalFilter || g.id === goalFilter);
  if (goalFilter && plan.length === 0) throw json({ reason: "notFound" }, { status: 404 });
  return json({
    title: goalFilter ? t("report.goalTitle", { title: pick(plan[0]!.title, language) }) : t("report.title"),
    city: pick(getMunicipality().name, language),
    date: formatDate(language, new Date()),
    goals: plan.map((g) => {
      const input = goalInput(g.id);
      return {
        id: g.id,
        title: pick(g.title, language),
        description: pick(g.description, language),
        ideas: formatNumber(language, input.totals.ideas),
        supports: formatNumber(language, input.totals.supports),
        topIdeas: input.ideas.slice(0, 5).map((i) => ({ id: i.id, title: i.title, supports: formatNumber(language, i.supports) })),
        measures: g.measures.map((m) => {
          const latest = getMeasure(m.id)?.updates[0];
          return {
            id: m.id,
            title: pick(m.title, language),
            status: m.status,
            progress: `${formatNumber(language, m.progress)} %`,
            department: pick(m.department, language),
            period: [m.startsOn, m.endsOn].filter(Boolean).join(" – "),
            latest: latest ? { at: formatDate(language, latest.at), body: pick(latest.body, language) } : null,
          };
        }),
      };
    }),
  });
}

export default function PlanReport() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("plan");
  return (
    <article className="report">
      <p className="meta">
        {d.city} · {d.date}
      </p>
      <h1>{d.title}</h1>
      <p className="help no-print">{t("report.howToPrint")}</p>
      {d.goals.map((g) => (
        <section key={g.id} className="report-goal">
          <h2>{g.title}</h2>
          <p>{g.description}</p>
          <p>{t("report.input", { ideas: g.ideas, supports: g.supports })}</p>
          {g.topIdeas.length ? (
            <>
              <h3>{t("report.topIdeas")}</h3>
              <ol>
                {g.topIdeas.map((i) => (
                  <li key={i.id}>
                    {i.title} ({t("goal.supports", { n: i.supports })})
                  </li>
                ))}
              </ol>
            </>
          ) : null}
          <h3>{t("goal.measures")}</h3>
          {g.measures.length ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("report.measure")}</th>
                  <th scope="col">{t("hub.status")}</th>
                  <th scope="col">{t("hub.progress")}</th>
                  <th scope="col">{t("report.latest")}</th>
                </tr>
              </thead>
              <tbody>
                {g.measures.map((m) => (
                  <tr key={m.id}>
                    <th scope="row">
                      {m.title}
                      {m.department ? <span className="meta"> · {m.department}</span> : null}
                      {m.period ? <span className="meta"> · {m.period}</span> : null}
                    </th>
                    <td>{t(`status.${m.status}`)}</td>
                    <td>{m.progress}</td>
                    <td>{m.latest ? `${m.latest.at}: ${m.latest.body}` : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>{t("plan.noMeasures")}</p>
          )}
        </section>
      ))}
    </article>
  );
}
