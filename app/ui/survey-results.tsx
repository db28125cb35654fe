// A survey's results: for each question the fitting chart (SVG) with its numbers in a table.
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BarChart } from "~/ui/charts";
import { formatNumber } from "~/ui/format";
import { ScrollTable } from "~/ui/table";
import type { Language } from "~/utils/i18n";
import type { CrossTab, QuestionResult } from "~/utils/surveys-results.server";

function useNumbers() {
  const { i18n } = useTranslation();
  const language = i18n.language as Language;
  return { n: (v: number) => formatNumber(language, v), p: (v: number) => `${formatNumber(language, v)} %` };
}

function Bars({ q }: { q: QuestionResult }) {
  const { t } = useTranslation("surveys");
  const { n, p } = useNumbers();
  if (q.bars.length === 0) return null;
  return (
    <>
      <BarChart id={`chart-${q.id}`} title={t("results.chartTitle", { question: q.text })} bars={q.bars.map((b) => ({ key: b.key, label: b.label, value: b.n, display: `${n(b.n)} · ${p(b.pct)}` }))} />
      <ScrollTable label={t("results.tableOf", { question: q.text })}>
        <thead>
          <tr>
            <th scope="col">{t("results.answer")}</th>
            <th scope="col">{t("results.count")}</th>
            <th scope="col">{t("results.share")}</th>
          </tr>
        </thead>
        <tbody>
          {q.bars.map((b) => (
            <tr key={b.key}>
              <th scope="row">{b.label}</th>
              <td>{n(b.n)}</td>
              <td>{p(b.pct)}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
    </>
  );
}

function CrossTable({ tab, question }: { tab: CrossTab; question: string }) {
  const { t } = useTranslation("surveys");
  const { n } = useNumbers();
  const cell = (v: number | null) => (v === null ? t("results.hidden") : n(v));
  return (
    <ScrollTable label={t(`results.by.${tab.by}`, { question })}>
      <caption>{t(`results.by.${tab.by}`, { question })}</caption>
      <thead>
        <tr>
          <th scope="col">{t("results.answer")}</th>
          {tab.columns.map((c) => (
            <th scope="col" key={c}>
              {c}
            </th>
          ))}
          <th scope="col">{t("results.total")}</th>
        </tr>
      </thead>
      <tbody>
        {tab.rows.map((r) => (
          <tr key={r.label}>
            <th scope="row">{r.label}</th>
            {r.cells.map((c, i) => (
              <td key={i}>{cell(c)}</td>
            ))}
            <td>{cell(r.total)}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">{t("results.total")}</th>
          {tab.totals.map((c, i) => (
            <td key={i}>{cell(c)}</td>
          ))}
          <td>{cell(tab.total)}</td>
        </tr>
      </tbody>
    </ScrollTable>
  );
}

/** A question's results; `more`: only the newest of its free-text answers are here (staff pages). */
type ShownResult = QuestionResult & { more?: boolean };

export function SurveyResultsView({ questions, staff }: { questions: ShownResult[]; staff: boolean }) {
  const { t } = useTranslation("surveys");
  const { n } = useNumbers();
  return (
    <>
      {questions.map((q, index) => (
        <section key={q.id} className="question-result" aria-labelledby={`result-${q.id}`}>
          <h2 id={`result-${q.id}`}>
            {index + 1}. {q.text}
          </h2>
          <p className="meta">
            {t("results.answered", { n: n(q.answered) })} · {t(`types.${q.type}`)}
            {q.mean !== null ? ` · ${t("results.mean", { n: n(Math.round(q.mean * 100) / 100) })}` : ""}
          </p>
          <Bars q={q} />
          {q.ranks.length ? (
            <>
              <BarChart
                id={`chart-${q.id}`}
                title={t("results.rankChart", { question: q.text })}
                bars={q.ranks.map((r) => ({ key: r.label, label: r.label, value: r.n ? q.ranks.length + 1 - r.average : 0, display: n(r.average) }))}
              />
              <ScrollTable label={t("results.tableOf", { question: q.text })}>
                <thead>
                  <tr>
                    <th scope="col">{t("results.item")}</th>
                    <th scope="col">{t("results.averagePlace")}</th>
                    <th scope="col">{t("results.rankedBy")}</th>
                  </tr>
                </thead>
                <tbody>
                  {q.ranks.map((r) => (
                    <tr key={r.label}>
                      <th scope="row">{r.label}</th>
                      <td>{r.n ? n(r.average) : "—"}</td>
                      <td>{n(r.n)}</td>
                    </tr>
                  ))}
                </tbody>
              </ScrollTable>
            </>
          ) : null}
          {q.matrix ? (
            <ScrollTable label={t("results.tableOf", { question: q.text })}>
              <thead>
                <tr>
                  <th scope="col">{t("results.item")}</th>
                  {q.matrix.points.map((pt) => (
                    <th scope="col" key={pt}>
                      {pt}
                    </th>
                  ))}
                  <th scope="col">{t("results.average")}</th>
                </tr>
              </thead>
              <tbody>
                {q.matrix.rows.map((r) => (
                  <tr key={r.label}>
                    <th scope="row">{r.label}</th>
                    {r.counts.map((c, i) => (
                      <td key={i}>{n(c)}</td>
                    ))}
                    <td>{r.mean === null ? "—" : n(r.mean)}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          ) : null}
          {q.crosstabs.length ? (
            <details className="panel">
              <summary>{t("results.crosstabs")}</summary>
              <p className="help">{t("results.hiddenExplained")}</p>
              {q.crosstabs.map((tab) => (
                <CrossTable key={tab.by} tab={tab} question={q.text} />
              ))}
            </details>
          ) : null}
          {q.type === "short" || q.type === "long" || q.texts.length ? (
            staff ? (
              <TextModeration q={q} />
            ) : q.texts.length ? (
              <ul className="quotes">
                {q.texts.map((a) => (
                  <li key={a.id}>
                    <blockquote>{a.text}</blockquote>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="help">{t("results.textsPrivate")}</p>
            )
          ) : null}
        </section>
      ))}
    </>
  );
}

/** Staff choose which free-text answers the public may read. */
function TextModeration({ q }: { q: ShownResult }) {
  const { t } = useTranslation("surveys");
  if (q.texts.length === 0) return <p className="help">{t("results.noTexts")}</p>;
  return (
    <ul className="quotes">
      {q.texts.map((a) => (
        <li key={a.id}>
          <blockquote>{a.text}</blockquote>
          <Form method="post" className="inline-actions">
            <input type="hidden" name="answer" value={a.id} />
            {a.published ? (
              <button type="submit" name="intent" value="unpublish" className="link-button">
                {t("results.unpublishText")}
              </button>
            ) : (
              <button type="submit" name="intent" value="publish" className="link-button">
                {t("results.publishText")}
              </button>
            )}
            <span className="meta">{a.published ? t("results.textPublic") : t("results.textPrivate")}</span>
          </Form>
        </li>
      ))}
      {q.more ? (
        <li>
          <Link to={`?texts=${q.id}#result-${q.id}`}>{t("results.moreTexts", { n: q.texts.length })}</Link>
        </li>
      ) : null}
    </ul>
  );
}
