import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { resultsPublic } from "~/domain/rounds";
import { pick } from "~/domain/translated";
import { listDistricts } from "~/models/municipality.server";
import { getMeasure, goalInput, listPlan } from "~/models/plan.server";
import { getRound, roundResults } from "~/models/rounds.server";
import { formatDate, formatNumber } from "~/ui/format";
import { pageTitle } from "~/ui/meta";
import { Progress } from "~/ui/progress";
import { getLanguage } from "~/utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

// A goal of the plan and everything residents said about it: ideas, how its options did in
// votes, survey questions, and the measures the city took with their progress.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const goal = /^[1-9]\d{0,9}$/.test(params.goalId ?? "") ? listPlan().find((g) => g.id === Number(params.goalId)) : undefined;
  if (!goal) throw json({ reason: "notFound" }, { status: 404 });
  const input = goalInput(goal.id);
  const districts = new Map(listDistricts().map((d) => [d.id, pick(d.name, language)]));
  const now = new Date();
  const votes = input.options.flatMap((o) => {
    const round = getRound(o.roundId);
    if (!round || !resultsPublic(round, now)) return [];
    const totals = roundResults(round).totals;
    const mine = totals.find((t) => t.optionId === o.id);
    const place = [...totals].sort((a, b) => (round.method === "ranked" ? b.borda - a.borda : round.method === "points" ? b.points - a.points : b.ballots - a.ballots)).findIndex((t) => t.optionId === o.id) + 1;
    return [{ id: o.id, title: pick(o.title, language), roundId: o.roundId, round: pick(o.roundTitle, language), place: formatNumber(language, place), of: formatNumber(language, totals.length), ballots: formatNumber(language, mine?.ballots ?? 0) }];
  });
  return json({
    title: pick(goal.title, language),
    description: pick(goal.description, language),
    measures: goal.measures.map((m) => {
      const full = getMeasure(m.id)!;
      return {
        id: m.id,
        title: pick(m.title, language),
        description: pick(m.description, language),
        department: pick(m.department, language),
        status: m.status,
        progress: m.progress,
        progressShown: `${formatNumber(language, m.progress)} %`,
        period: [m.startsOn, m.endsOn].filter(Boolean).map((d) => formatDate(language, new Date(`${d}T12:00:00Z`))).join(" – "),
        updates: full.updates.map((u) => ({ id: u.id, body: pick(u.body, language), at: formatDate(language, u.at), progress: `${formatNumber(language, u.progress)} %` })),
      };
    }),
    ideas: input.ideas.map((i) => ({ id: i.id, title: i.title, status: i.status, supports: formatNumber(language, i.supports), district: districts.get(i.districtId) ?? "" })),
    votes,
    questions: input.questions.map((q) => ({ id: q.id, text: pick(q.text, language), surveyId: q.surveyId, survey: pick(q.surveyTitle, language), closed: q.closesAt <= now })),
  });
}

export default function Goal() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("plan");
  const { t: ti } = useTranslation("ideas");
  return (
    <section>
      <p>
        <Link to="/plan">{t("plan.back")}</Link>
      </p>
      <h1>{d.title}</h1>
      <p className="lead">{d.description}</p>
      <h2>{t("goal.measures")}</h2>
      {d.measures.length ? (
        d.measures.map((m) => (
          <article key={m.id} className="card measure">
            <h3>{m.title}</h3>
            <p className="meta">
              {t(`status.${m.status}`)}
              {m.department ? ` · ${m.department}` : ""}
              {m.period ? ` · ${m.period}` : ""}
            </p>
            <Progress value={m.progress} shown={m.progressShown} label={t("plan.progressOf", { title: m.title })} />
            {m.description ? <p>{m.description}</p> : null}
            {m.updates.length ? (
              <>
                <h4>{t("goal.updates")}</h4>
                <ul className="updates">
                  {m.updates.map((u) => (
                    <li key={u.id}>
                      <span className="meta">
                        {u.at} · {u.progress}
                      </span>
                      <p>{u.body}</p>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </article>
        ))
      ) : (
        <p>{t("plan.noMeasures")}</p>
      )}
      <h2>{t("goal.residentsSaid")}</h2>
      <h3>{t("goal.ideas")}</h3>
      {d.ideas.length ? (
        <ul className="idea-list">
          {d.ideas.map((i) => (
            <li key={i.id}>
              <Link to={`/ideas/${i.id}`}>{i.title}</Link> · {ti(`status.${i.status}`)} · {t("goal.supports", { n: i.supports })}
              {i.district ? ` · ${i.district}` : ""}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("goal.noIdeas")}</p>
      )}
      <h3>{t("goal.votes")}</h3>
      {d.votes.length ? (
        <ul>
          {d.votes.map((v) => (
            <li key={v.id}>
              {t("goal.voteLine", { option: v.title, place: v.place, of: v.of, ballots: v.ballots })} — <Link to={`/rounds/${v.roundId}/results`}>{v.round}</Link>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("goal.noVotes")}</p>
      )}
      <h3>{t("goal.surveys")}</h3>
      {d.questions.length ? (
        <ul>
          {d.questions.map((q) => (
            <li key={q.id}>
              {q.text} — {q.closed ? <Link to={`/surveys/${q.surveyId}/results`}>{q.survey}</Link> : <Link to={`/surveys/${q.surveyId}`}>{q.survey}</Link>}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("goal.noSurveys")}</p>
      )}
    </section>
  );
}
