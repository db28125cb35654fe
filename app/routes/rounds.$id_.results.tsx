import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pick } from "~/domain/translated";
import { BarChart } from "~/ui/charts";
import { formatDateTime, formatNumber } from "~/ui/format";
import { pageTitle } from "~/ui/meta";
import { ScrollTable } from "~/ui/table";
import type { Language } from "~/utils/i18n";
import { getLanguage, getT } from "~/utils/i18n.server";
import { resultsView, resultsVisible, roundIdFrom, visibleRound } from "~/utils/rounds-view.server";
import { getUser } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const { round } = visibleRound(roundIdFrom(params), user);
  const language = await getLanguage(request);
  const t = getT(language, "rounds");
  const { visible, staffOnly } = resultsVisible(round, user);
  const title = t("results.title", { title: pick(round.title, language) });
  const base = { title, id: round.id, roundTitle: pick(round.title, language), closesAt: formatDateTime(language, round.closesAt), staffOnly, language };
  if (!visible) return json({ ...base, results: null });
  return json({ ...base, results: resultsView(round, language) });
}

export default function Results() {
  const { title, id, roundTitle, closesAt, staffOnly, results, language } = useLoaderData<typeof loader>();
  const { t } = useTranslation("rounds");
  const n = (v: number) => formatNumber(language as Language, v);
  if (!results) {
    return (
      <section className="narrow">
        <h1>{title}</h1>
        <p>{t("results.notYet", { when: closesAt })}</p>
        <p>
          <Link to={`/rounds/${id}`}>{t("results.backToRound")}</Link>
        </p>
      </section>
    );
  }
  const { method, budget, turnout, options } = results;
  const rule = budget?.rule ?? "greedy";
  const other = rule === "greedy" ? "mes" : "greedy";
  const scoreLabel = t(`results.score.${method}`);
  return (
    <section>
      {staffOnly ? <p className="notice notice-error">{t("results.staffOnly")}</p> : null}
      <h1>{title}</h1>
      <p className="meta">{results.phase === "closed" ? t("closedOn", { when: closesAt }) : t("results.live", { when: closesAt })}</p>
      <dl className="figures">
        <div>
          <dt>{t("results.ballots")}</dt>
          <dd>{turnout.total === null ? t("results.fewerThan5") : n(turnout.total)}</dd>
        </div>
        {budget ? (
          <>
            <div>
              <dt>{t("results.fundedUnder", { rule: t(`rule.${rule}`) })}</dt>
              <dd>{n(budget[rule].funded.length)}</dd>
            </div>
            <div>
              <dt>{t("results.moneyUsed")}</dt>
              <dd>{t("results.ofBudget", { spent: n(budget[rule].spent), budget: n(budget.amount) })}</dd>
            </div>
          </>
        ) : null}
      </dl>

      {budget ? (
        <section aria-labelledby="rules-title" className="rules-compare">
          <h2 id="rules-title">{t("results.rulesTitle")}</h2>
          <p>{t("results.ruleUsed", { rule: t(`rule.${rule}`) })}</p>
          <p>{t(`rule.${rule}Explained`)}</p>
          <p>
            {t("results.otherRule", {
              rule: t(`rule.${other}`),
              n: n(budget[other].funded.length),
              spent: n(budget[other].spent),
            })}{" "}
            {t(`rule.${other}Explained`)}
          </p>
        </section>
      ) : null}

      <h2 id="chart-title">{scoreLabel}</h2>
      <BarChart
        id="results-chart"
        title={t("results.chartTitle", { title: roundTitle })}
        bars={options.map((o) => ({ key: o.id, label: o.title, value: o.score, display: n(o.score), highlight: o.funded ? o.funded[rule] : false }))}
      />
      <ScrollTable label={t("results.tableLabel")}>
        <thead>
          <tr>
            <th scope="col">{t("results.option")}</th>
            <th scope="col">{scoreLabel}</th>
            {method === "ranked" ? <th scope="col">{t("results.firstPreferences")}</th> : null}
            {method === "ranked" || method === "points" ? <th scope="col">{t("results.ballotsNaming")}</th> : null}
            {budget ? <th scope="col">{t("results.cost")}</th> : null}
            {budget ? <th scope="col">{t("results.fundedBy", { rule: t(`rule.${rule}`) })}</th> : null}
            {budget ? <th scope="col">{t("results.fundedBy", { rule: t(`rule.${other}`) })}</th> : null}
          </tr>
        </thead>
        <tbody>
          {options.map((o) => (
            <tr key={o.id}>
              <th scope="row">{o.title}</th>
              <td>{n(o.score)}</td>
              {method === "ranked" ? <td>{n(o.firstPreferences ?? 0)}</td> : null}
              {method === "ranked" || method === "points" ? <td>{n(o.ballots)}</td> : null}
              {budget ? <td>{n(o.cost ?? 0)}</td> : null}
              {budget ? <td>{o.funded?.[rule] ? t("results.funded") : t("results.notFunded")}</td> : null}
              {budget ? <td>{o.funded?.[other] ? t("results.funded") : t("results.notFunded")}</td> : null}
            </tr>
          ))}
        </tbody>
      </ScrollTable>

      <h2>{t("results.turnoutTitle")}</h2>
      <p>{t("results.turnoutLead")}</p>
      <ScrollTable label={t("results.turnoutTitle")}>
        <thead>
          <tr>
            <th scope="col">{t("results.district")}</th>
            <th scope="col">{t("results.ballots")}</th>
          </tr>
        </thead>
        <tbody>
          {turnout.byDistrict.map((d) => (
            <tr key={d.districtId ?? "none"}>
              <th scope="row">{d.district ?? t("results.noDistrict")}</th>
              <td>{d.ballots === null ? t("results.fewerThan5") : n(d.ballots)}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      {turnout.byChannel.length ? (
        <p>
          {turnout.byChannel.map((c, i) => (
            <span key={c.channel}>
              {i > 0 ? " · " : ""}
              {t(`results.channel.${c.channel}`, { n: c.ballots === null ? t("results.fewerThan5") : n(c.ballots) })}
            </span>
          ))}
        </p>
      ) : null}
      <p className="actions">
        <a href={`/api/v1/rounds/${id}/results.csv?lng=${language}`} download>
          {t("results.csv")}
        </a>
        <a href={`/api/v1/rounds/${id}/results?lng=${language}`}>{t("results.json")}</a>
        <Link to={`/rounds/${id}`}>{t("results.backToRound")}</Link>
      </p>
    </section>
  );
}
