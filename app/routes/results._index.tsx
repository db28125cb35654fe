import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { pick } from "~/domain/translated";
import { listDistricts, listGoals } from "~/models/municipality.server";
import { decidedIdeas, goalsOfRoundsAndSurveys, measuresOfIdeas } from "~/models/plan.server";
import { listPublishedRounds, getRound, roundResults } from "~/models/rounds.server";
import { listPublishedSurveys, responseTotal } from "~/models/surveys.server";
import { FilterSelect } from "~/ui/filters";
import { formatDate, formatNumber } from "~/ui/format";
import { pageTitle } from "~/ui/meta";
import { getLanguage, getT } from "~/utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

const query = z.object({
  district: z.coerce.number().int().positive().optional().catch(undefined),
  goal: z.coerce.number().int().positive().optional().catch(undefined),
});

type Item =
  | { kind: "round"; key: string; at: number; when: string; id: number; title: string; decided: string[]; ballots: string }
  | { kind: "survey"; key: string; at: number; when: string; id: number; title: string; responses: string }
  | { kind: "idea"; key: string; at: number; when: string; id: number; title: string; status: string; answer: string | null; measures: Array<{ title: string; goalId: number; progress: string }> };

// "You said, we did": every closed vote and survey with what was decided, and every idea the city
// took up with where it went, newest first.
export async function loader({ request }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const url = new URL(request.url);
  const filter = query.parse(Object.fromEntries(url.searchParams));
  const now = new Date();
  const links = goalsOfRoundsAndSurveys();
  const items: Item[] = [];
  // Votes and surveys are city-wide: the district filter applies to ideas only.
  for (const r of listPublishedRounds(now).closed) {
    if (filter.goal && !links.byRound.some((l) => l.roundId === r.id && l.goalId === filter.goal)) continue;
    const round = getRound(r.id)!;
    const results = roundResults(round);
    const titles = new Map(round.options.map((o) => [o.id, pick(o.title, language)]));
    const decided = results.budget
      ? results.budget[round.budgetRule ?? "greedy"].funded.map((id) => titles.get(id) ?? "")
      : [...results.totals]
          .sort((a, b) => (round.method === "ranked" ? b.borda - a.borda : round.method === "points" ? b.points - a.points : b.ballots - a.ballots))
          .slice(0, Math.max(1, round.maxChoices ?? 3))
          .map((t) => titles.get(t.optionId) ?? "");
    items.push({ kind: "round", key: `r${r.id}`, at: r.closesAt.getTime(), when: formatDate(language, r.closesAt), id: r.id, title: pick(r.title, language), decided, ballots: formatNumber(language, r.ballots) });
  }
  for (const s of listPublishedSurveys(now).closed) {
    if (filter.goal && !links.bySurvey.some((l) => l.surveyId === s.id && l.goalId === filter.goal)) continue;
    items.push({ kind: "survey", key: `s${s.id}`, at: s.closesAt.getTime(), when: formatDate(language, s.closesAt), id: s.id, title: pick(s.title, language), responses: formatNumber(language, responseTotal(s.id)) });
  }
  const ideas = decidedIdeas({ goalId: filter.goal, districtId: filter.district });
  const where = measuresOfIdeas(ideas.map((i) => i.id));
  for (const i of ideas) {
    items.push({
      kind: "idea",
      key: `i${i.id}`,
      at: i.at,
      when: formatDate(language, i.at),
      id: i.id,
      title: i.title,
      status: i.status,
      answer: i.answer,
      measures: where.filter((m) => m.ideaId === i.id).map((m) => ({ title: pick(m.title, language), goalId: m.goalId, progress: `${formatNumber(language, m.progress)} %` })),
    });
  }
  items.sort((a, b) => b.at - a.at);
  return json({
    title: getT(language, "plan")("results.title"),
    filter,
    districts: listDistricts().map((d) => ({ value: d.id, label: pick(d.name, language) })),
    goals: listGoals().map((g) => ({ value: g.id, label: pick(g.title, language) })),
    items,
  });
}

export default function YouSaidWeDid() {
  const { title, filter, districts, goals, items } = useLoaderData<typeof loader>();
  const { t } = useTranslation("plan");
  const { t: ti } = useTranslation("ideas");
  return (
    <section>
      <h1>{title}</h1>
      <p className="lead">{t("results.lead")}</p>
      <Form method="get" className="filters" aria-label={t("results.filters")}>
        <div className="filter-row">
          <FilterSelect id="filter-goal" name="goal" label={t("results.goal")} value={filter.goal} options={goals} anyLabel={t("results.any")} />
          <FilterSelect id="filter-district" name="district" label={t("results.district")} value={filter.district} options={districts} anyLabel={t("results.any")} />
        </div>
        <button type="submit" className="button">
          {t("results.apply")}
        </button>
      </Form>
      {items.length === 0 ? <p>{t("results.none")}</p> : null}
      <ol className="timeline">
        {items.map((item) => (
          <li key={item.key} className="card">
            <p className="meta">
              {item.when} · {t(`results.kind.${item.kind}`)}
            </p>
            {item.kind === "round" ? (
              <>
                <h2>
                  <Link to={`/rounds/${item.id}/results`}>{item.title}</Link>
                </h2>
                <p>{t("results.roundDecided", { n: item.ballots })}</p>
                <ul>
                  {item.decided.map((d) => (
                    <li key={d}>{d}</li>
                  ))}
                </ul>
              </>
            ) : item.kind === "survey" ? (
              <>
                <h2>
                  <Link to={`/surveys/${item.id}/results`}>{item.title}</Link>
                </h2>
                <p>{t("results.surveyDone", { n: item.responses })}</p>
              </>
            ) : (
              <>
                <h2>
                  <Link to={`/ideas/${item.id}`}>{item.title}</Link>
                </h2>
                <p>
                  <strong>{ti(`status.${item.status}`)}</strong>
                  {item.answer ? ` — ${item.answer}` : ""}
                </p>
                {item.measures.length ? (
                  <ul>
                    {item.measures.map((m) => (
                      <li key={m.title}>
                        {t("results.wentTo")} <Link to={`/plan/${m.goalId}`}>{m.title}</Link> · {m.progress}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
