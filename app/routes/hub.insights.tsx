// The hub's insights: participation by week, district, channel, age and gender; top and rising
// ideas, goals, and the moderators' workload and response times. A GET form filters everything (see
// app/models/insights.server.ts for what each filter applies to); the tables can be downloaded
// as CSV (one view a file) and XLSX (one sheet a view). Every number is formatted here, on the
// server: browsers may lack Georgian number data.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SERIES, VIEWS } from "~/domain/insights";
import { pick } from "~/domain/translated";
import { filterQuery, insightsFigures, insightsScope, type IdeaRow } from "~/models/insights.server";
import { getMunicipality, listDistricts, listGoals } from "~/models/municipality.server";
import { BarChart } from "~/ui/charts";
import { FilterSelect } from "~/ui/filters";
import { formatNumber } from "~/ui/format";
import { pageTitle } from "~/ui/meta";
import { ScrollTable } from "~/ui/table";
import { INTL_LOCALE } from "~/utils/i18n";
import { getLanguage, getT } from "~/utils/i18n.server";
import { requireStaff } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title, matches);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const language = await getLanguage(request);
  const t = getT(language, "insights");
  const { filter, period } = insightsScope(new URL(request.url).searchParams);
  const n = (v: number) => formatNumber(language, v);
  const orNone = (v: number | null) => (v === null ? t("noValue") : n(v));
  const day = new Intl.DateTimeFormat(INTL_LOCALE[language], { dateStyle: "medium", timeZone: "UTC" });
  const dayOf = (iso: string) => day.format(Date.parse(`${iso}T00:00:00Z`));

  const { at, weekly, districts, channels, demographics: demo, lists, goals, work } = insightsFigures(filter, period);
  const time = new Intl.DateTimeFormat(INTL_LOCALE[language], { timeStyle: "short", timeZone: getMunicipality().timeZone });
  const idea = (r: IdeaRow) => ({ id: r.id, title: r.title, district: pick(r.district, language), goal: pick(r.goal, language), recent: n(r.recent), total: n(r.total) });
  const hidden = (v: number | null) => (v === null ? { hidden: true, display: t("demographics.hidden") } : { hidden: false, display: n(v) });

  return json({
    title: t("title"),
    asOf: t("asOf", { time: time.format(at) }),
    filter: { from: filter.from, to: filter.to, district: filter.district, goal: filter.goal },
    period: { from: dayOf(period.from), to: dayOf(period.to) },
    query: filterQuery(filter),
    options: {
      districts: listDistricts().map((d) => ({ value: d.id, label: pick(d.name, language) })),
      goals: listGoals().map((g) => ({ value: g.id, label: pick(g.title, language) })),
    },
    weekly: {
      totals: SERIES.map((s) => ({ series: s, display: n(weekly.totals[s]) })),
      weeks: weekly.weeks.map((w) => ({
        week: w.week,
        label: dayOf(w.week),
        values: SERIES.map((s) => ({ series: s, value: w[s], display: n(w[s]) })),
      })),
    },
    districts: districts.map((r) => ({
      key: r.id === null ? r.kind : String(r.id),
      kind: r.kind,
      name: r.kind === "district" ? pick(r.name, language) : t(r.kind === "none" ? "districts.none" : "districts.total"),
      selected: r.id !== null && r.id === filter.district,
      accountsPer1000: r.accountsPer1000 ?? 0,
      cells: [orNone(r.population), n(r.ideas), n(r.supports), n(r.ballots), n(r.responses), n(r.accounts), orNone(r.accountsPer1000), orNone(r.ballotsPer1000)],
    })),
    channels: channels.map((c) => ({ channel: c.channel, ballots: n(c.ballots), responses: n(c.responses) })),
    demographics: {
      any: demo.total !== 0,
      genders: demo.genders.map((g) => (g === null ? t("demographics.notGiven") : t(`genders.${g}`))),
      rows: demo.ageBands.map((a, i) => ({
        key: a ?? "none",
        label: a ?? t("demographics.notGiven"),
        cells: demo.cells[i]!.map(hidden),
        total: hidden(demo.rowTotals[i]!),
      })),
      totals: demo.colTotals.map(hidden),
      total: hidden(demo.total),
    },
    top: lists.top.map(idea),
    rising: lists.rising.map(idea),
    goals: goals.map((g) => ({ id: g.id, title: pick(g.title, language), ideas: n(g.ideas), supports: n(g.supports) })),
    moderation: {
      waiting: n(work.waiting),
      oldest: work.oldestWaitingDays === null ? null : n(work.oldestWaitingDays),
      reported: n(work.reported),
      submitted: n(work.submitted),
      answered: n(work.answered),
      median: orNone(work.medianDays),
      p90: orNone(work.p90Days),
      overdue: n(work.overdue),
    },
  });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

const DISTRICT_COLUMNS = ["population", "ideas", "supports", "ballots", "responses", "accountsAll", "accountsPer1000", "ballotsPer1000"] as const;

function Weekly({ weekly }: { weekly: Data["weekly"] }) {
  const { t } = useTranslation("insights");
  return (
    <section aria-labelledby="weekly-title">
      <h2 id="weekly-title">{t("weekly.title")}</h2>
      <h3>{t("weekly.totals")}</h3>
      <dl className="figures">
        {weekly.totals.map((s) => (
          <div key={s.series}>
            <dt>{t(`series.${s.series}`)}</dt>
            <dd>{s.display}</dd>
          </div>
        ))}
      </dl>
      {/* A chart a series, folded: 26 weeks make a tall chart, and the table below has the numbers. */}
      {SERIES.map((series, i) => (
        <details key={series}>
          <summary>{t("weekly.chartToggle", { series: t(`series.${series}`) })}</summary>
          <BarChart
            id={`weekly-${series}`}
            title={t("weekly.chart", { series: t(`series.${series}`) })}
            bars={weekly.weeks.map((w) => ({ key: w.week, label: w.label, value: w.values[i]!.value, display: w.values[i]!.display }))}
          />
        </details>
      ))}
      <ScrollTable label={t("weekly.table")}>
        <thead>
          <tr>
            <th scope="col">{t("columns.week")}</th>
            {SERIES.map((s) => (
              <th scope="col" key={s}>
                {t(`series.${s}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weekly.weeks.map((w) => (
            <tr key={w.week}>
              <th scope="row">
                <time dateTime={w.week}>{w.label}</time>
              </th>
              {w.values.map((v) => (
                <td key={v.series}>{v.display}</td>
              ))}
            </tr>
          ))}
          <tr>
            <th scope="row">{t("columns.total")}</th>
            {weekly.totals.map((s) => (
              <td key={s.series}>{s.display}</td>
            ))}
          </tr>
        </tbody>
      </ScrollTable>
    </section>
  );
}

function Districts({ rows }: { rows: Data["districts"] }) {
  const { t } = useTranslation("insights");
  const districtRows = rows.filter((r) => r.kind === "district");
  return (
    <section aria-labelledby="districts-title">
      <h2 id="districts-title">{t("districts.title")}</h2>
      <p>{t("districts.lead")}</p>
      <BarChart
        id="districts-chart"
        title={t("districts.chart")}
        bars={districtRows.map((r) => ({ key: r.key, label: r.name, value: r.accountsPer1000, display: r.cells[6]!, highlight: r.selected }))}
      />
      <ScrollTable label={t("districts.title")}>
        <thead>
          <tr>
            <th scope="col">{t("columns.district")}</th>
            {DISTRICT_COLUMNS.map((c) => (
              <th scope="col" key={c}>
                {t(`columns.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} aria-current={r.selected ? "true" : undefined}>
              <th scope="row">{r.name}</th>
              {r.cells.map((c, i) => (
                <td key={DISTRICT_COLUMNS[i]}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </ScrollTable>
    </section>
  );
}

function Channels({ rows }: { rows: Data["channels"] }) {
  const { t } = useTranslation("insights");
  return (
    <section aria-labelledby="channels-title">
      <h2 id="channels-title">{t("channels.title")}</h2>
      <ScrollTable label={t("channels.title")}>
        <thead>
          <tr>
            <th scope="col">{t("columns.channel")}</th>
            <th scope="col">{t("columns.ballots")}</th>
            <th scope="col">{t("columns.responses")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.channel}>
              <th scope="row">{t(`channels.${r.channel}`)}</th>
              <td>{r.ballots}</td>
              <td>{r.responses}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
    </section>
  );
}

function Demographics({ d }: { d: Data["demographics"] }) {
  const { t } = useTranslation("insights");
  const cell = (c: { hidden: boolean; display: string }, key: number | string) => (
    <td key={key} className={c.hidden ? "is-hidden" : undefined}>
      {c.display}
    </td>
  );
  return (
    <section aria-labelledby="demographics-title">
      <h2 id="demographics-title">{t("demographics.title")}</h2>
      <p>{t("demographics.lead")}</p>
      {d.any ? (
        <ScrollTable label={t("demographics.title")}>
          <thead>
            <tr>
              <th scope="col">{t("columns.ageBand")}</th>
              {d.genders.map((g) => (
                <th scope="col" key={g}>
                  {g}
                </th>
              ))}
              <th scope="col">{t("columns.total")}</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                {r.cells.map(cell)}
                {cell(r.total, "total")}
              </tr>
            ))}
            <tr>
              <th scope="row">{t("demographics.total")}</th>
              {d.totals.map(cell)}
              {cell(d.total, "total")}
            </tr>
          </tbody>
        </ScrollTable>
      ) : (
        <p>{t("demographics.empty")}</p>
      )}
    </section>
  );
}

function IdeaTable({ id, title, lead, rows }: { id: string; title: string; lead: string; rows: Data["top"] }) {
  const { t } = useTranslation("insights");
  return (
    <>
      <h3 id={id}>{title}</h3>
      <p>{lead}</p>
      {rows.length ? (
        <ScrollTable label={title}>
          <thead>
            <tr>
              <th scope="col">{t("columns.rank")}</th>
              <th scope="col">{t("columns.idea")}</th>
              <th scope="col">{t("columns.district")}</th>
              <th scope="col">{t("columns.goal")}</th>
              <th scope="col">{t("columns.supportsRecent")}</th>
              <th scope="col">{t("columns.supportsTotal")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.id}>
                <td>{i + 1}</td>
                <th scope="row">
                  <Link to={`/hub/ideas/${r.id}`}>{r.title}</Link>
                </th>
                <td>{r.district}</td>
                <td>{r.goal}</td>
                <td>{r.recent}</td>
                <td>{r.total}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      ) : (
        <p>{t("ideas.none")}</p>
      )}
    </>
  );
}

function Moderation({ m }: { m: Data["moderation"] }) {
  const { t } = useTranslation("insights");
  const figures = [
    ["waiting", m.waiting],
    ["reported", m.reported],
    ["submitted", m.submitted],
    ["answered", m.answered],
    ["median", m.median],
    ["p90", m.p90],
    ["overdue", m.overdue],
  ] as const;
  return (
    <section aria-labelledby="moderation-title">
      <h2 id="moderation-title">{t("moderation.title")}</h2>
      <dl className="figures">
        {figures.map(([key, value]) => (
          <div key={key}>
            <dt>{t(`moderation.${key}`)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {m.oldest !== null ? <p>{t("moderation.oldest", { n: m.oldest })}</p> : null}
      <p className="meta">{t("moderation.note")}</p>
      <p>
        <Link to="/hub/ideas">{t("moderation.queue")}</Link>
      </p>
    </section>
  );
}

export default function HubInsights() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("insights");
  return (
    <section>
      <h1>{d.title}</h1>
      <p className="lead">{t("lead")}</p>
      <p className="meta">{d.asOf}</p>
      {/* A plain GET form: it works without JavaScript, and the address can be shared. */}
      <Form method="get" action="/hub/insights" className="filters filter-row" aria-label={t("filters.label")} key={d.query}>
        <div className="field">
          <label htmlFor="insights-from">{t("filters.from")}</label>
          <input id="insights-from" name="from" type="date" defaultValue={d.filter.from} min="2000-01-01" max="2100-12-31" />
        </div>
        <div className="field">
          <label htmlFor="insights-to">{t("filters.to")}</label>
          <input id="insights-to" name="to" type="date" defaultValue={d.filter.to} min="2000-01-01" max="2100-12-31" />
        </div>
        <FilterSelect id="insights-district" name="district" label={t("filters.district")} anyLabel={t("filters.any")} value={d.filter.district ?? undefined} options={d.options.districts} />
        <FilterSelect id="insights-goal" name="goal" label={t("filters.goal")} anyLabel={t("filters.any")} value={d.filter.goal ?? undefined} options={d.options.goals} />
        <div className="field">
          <button type="submit" className="button button-secondary">
            {t("filters.apply")}
          </button>
        </div>
      </Form>
      <p>{t("filters.period", { from: d.period.from, to: d.period.to })}</p>
      <p className="meta">{t("filters.how")}</p>
      {d.filter.district ? <p className="meta">{t("filters.districtNote")}</p> : null}
      {d.filter.goal ? <p className="meta">{t("filters.goalNote")}</p> : null}

      <h2 id="export-title">{t("export.title")}</h2>
      <ul>
        {VIEWS.map((view) => (
          <li key={view}>
            <a href={`/hub/insights.csv?view=${view}&${d.query}`} download>
              {t("export.csv", { view: t(`views.${view}`) })}
            </a>
          </li>
        ))}
        <li>
          <a href={`/hub/insights.xlsx?${d.query}`} download>
            {t("export.xlsx")}
          </a>
        </li>
      </ul>

      <Weekly weekly={d.weekly} />
      <Districts rows={d.districts} />
      <Channels rows={d.channels} />
      <Demographics d={d.demographics} />
      <section aria-labelledby="ideas-title">
        <h2 id="ideas-title">{t("ideas.title")}</h2>
        <IdeaTable id="top-title" title={t("ideas.top")} lead={t("ideas.topLead")} rows={d.top} />
        <IdeaTable id="rising-title" title={t("ideas.rising")} lead={t("ideas.risingLead")} rows={d.rising} />
        <h3 id="goals-title">{t("ideas.goals")}</h3>
        <ScrollTable label={t("ideas.goals")}>
          <thead>
            <tr>
              <th scope="col">{t("columns.goal")}</th>
              <th scope="col">{t("columns.ideas")}</th>
              <th scope="col">{t("columns.supports")}</th>
            </tr>
          </thead>
          <tbody>
            {d.goals.map((g) => (
              <tr key={g.id}>
                <th scope="row">{g.title}</th>
                <td>{g.ideas}</td>
                <td>{g.supports}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      </section>
      <Moderation m={d.moderation} />
    </section>
  );
}
