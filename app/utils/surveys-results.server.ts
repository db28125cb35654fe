// A survey's results as the pages, the API and the exports show them. Every number comes from
// SQL aggregates; cross-tabulations go through suppression so that no group of 1–4 shows.
import { suppressTable } from "~/domain/suppression";
import { AGE_BANDS, GENDERS, scalePoints, TEXT_TYPES, type Question } from "~/domain/surveys";
import { pick } from "~/domain/translated";
import { listDistricts } from "~/models/municipality.server";
import { answerCounts, answeredCounts, crossCounts, dateCounts, numberStats, otherCounts, responseTotal, surveyVersion, textAnswers, type Breakdown, type Survey } from "~/models/surveys.server";

export type Bar = { key: string; label: string; n: number; pct: number };
export type CrossTab = { by: Breakdown; columns: string[]; rows: Array<{ label: string; cells: Array<number | null>; total: number | null }>; totals: Array<number | null>; total: number | null };

export type QuestionResult = {
  id: number;
  type: Question["type"];
  text: string;
  answered: number;
  /** Choices, scale points, months, number ranges: counts and percentages of those who answered. */
  bars: Bar[];
  mean: number | null;
  /** ranking: average place per item (1 is first), lower is better. */
  ranks: Array<{ label: string; average: number; n: number }>;
  /** matrix: a row per item, a count per scale point. */
  matrix: { points: number[]; rows: Array<{ label: string; counts: number[]; mean: number | null }> } | null;
  /** Free text: published answers (public) or all with their state (staff). */
  texts: Array<{ id: number; text: string; published: boolean }>;
  crosstabs: CrossTab[];
};

const pct = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 1000) / 10 : 0);

/** Up to ten equal ranges over the numbers given, from grouped counts (value → count). */
function numberBins(counts: Array<{ num: number; n: number }>): Array<{ label: string; n: number }> {
  if (counts.length === 0) return [];
  const min = Math.min(...counts.map((c) => c.num));
  const max = Math.max(...counts.map((c) => c.num));
  if (counts.length <= 10) return [...counts].sort((a, b) => a.num - b.num).map((c) => ({ label: String(c.num), n: c.n }));
  const width = (max - min) / 10 || 1;
  const bins = Array.from({ length: 10 }, (_, i) => ({ from: min + i * width, n: 0 }));
  for (const c of counts) bins[Math.min(9, Math.floor((c.num - min) / width))]!.n += c.n;
  const fmt = (v: number) => String(Math.round(v * 100) / 100);
  return bins.map((b, i) => ({ label: `${fmt(b.from)}–${fmt(i === 9 ? max : b.from + width)}`, n: b.n }));
}

type Results = { total: number; questions: QuestionResult[] };
const cache = new Map<string, { version: number; total: number; at: number; results: Results }>();
/** While a survey is open, its results may lag new responses by this much rather than be counted on every view. */
export const OPEN_RESULTS_MAX_AGE_MS = 10_000;

/**
 * A survey's results, computed in SQL and then kept in memory: a closed survey's results change
 * only with a paper response, an import or a moderator's choice, and every change in this process
 * bumps the survey's version. The response count is checked too, for changes from elsewhere.
 */
export function surveyResults(survey: Survey, language: string, opts: { staff: boolean; t: (key: string) => string }, now = Date.now()): Results {
  const key = `${survey.id}:${language}:${opts.staff ? "staff" : "public"}`;
  const version = surveyVersion(survey.id);
  const total = responseTotal(survey.id);
  const hit = cache.get(key);
  const open = now < survey.closesAt.getTime();
  if (hit && hit.version === version && (hit.total === total || (open && now - hit.at < OPEN_RESULTS_MAX_AGE_MS))) return hit.results;
  const results = computeResults(survey, language, opts, total);
  cache.set(key, { version, total, at: now, results });
  return results;
}

function computeResults(survey: Survey, language: string, opts: { staff: boolean; t: (key: string) => string }, total: number): Results {
  const ids = survey.questions.map((q) => q.id);
  const counts = answerCounts(ids);
  const answered = answeredCounts(ids);
  const stats = new Map(numberStats(ids).map((s) => [s.questionId, s]));
  const months = dateCounts(survey.questions.filter((q) => q.type === "date").map((q) => q.id));
  const others = otherCounts(survey.questions.filter((q) => q.type === "single" || q.type === "multiple").map((q) => q.id));
  const districts = listDistricts().map((d) => ({ key: d.id, label: pick(d.name, language) }));
  const crossAllowed = opts.staff || survey.publicCrosstabs;

  const questions: QuestionResult[] = survey.questions.map((q) => {
    const base = answered.get(q.id) ?? 0;
    const mine = counts.filter((c) => c.questionId === q.id);
    const label = (id: number | null) => pick(q.options.find((o) => o.id === id)?.label, language);
    const result: QuestionResult = { id: q.id, type: q.type, text: pick(q.text, language), answered: base, bars: [], mean: null, ranks: [], matrix: null, texts: [], crosstabs: [] };
    switch (q.type) {
      case "single":
      case "multiple":
      case "dropdown": {
        result.bars = q.options.map((o) => {
          const n = mine.find((c) => c.optionId === o.id)?.n ?? 0;
          return { key: String(o.id), label: pick(o.label, language), n, pct: pct(n, base) };
        });
        const other = others.get(q.id) ?? 0;
        if (q.settings.other) result.bars.push({ key: "other", label: opts.t("answer.other"), n: other, pct: pct(other, base) });
        if (crossAllowed) result.crosstabs = crosstabs(q, language, districts, opts.t);
        if (q.settings.other) result.texts = textList(q.id, opts.staff);
        break;
      }
      case "scale": {
        const points = scalePoints(q.settings);
        result.bars = points.map((p) => {
          const n = mine.find((c) => c.num === p)?.n ?? 0;
          return { key: String(p), label: String(p), n, pct: pct(n, base) };
        });
        result.mean = stats.get(q.id)?.mean ?? null;
        break;
      }
      case "number": {
        result.bars = numberBins(mine.filter((c) => c.num !== null).map((c) => ({ num: c.num!, n: c.n }))).map((b) => ({ key: b.label, label: b.label, n: b.n, pct: pct(b.n, base) }));
        result.mean = stats.get(q.id)?.mean ?? null;
        break;
      }
      case "date":
        result.bars = months.filter((m) => m.questionId === q.id).map((m) => ({ key: m.month, label: m.month, n: m.n, pct: pct(m.n, base) }));
        break;
      case "ranking":
        result.ranks = q.options
          .map((o) => {
            const rows = mine.filter((c) => c.optionId === o.id && c.num !== null);
            const n = rows.reduce((s, c) => s + c.n, 0);
            return { label: label(o.id), n, average: n ? Math.round((rows.reduce((s, c) => s + c.num! * c.n, 0) / n) * 100) / 100 : 0 };
          })
          .sort((a, b) => (a.n === 0 ? 1 : 0) - (b.n === 0 ? 1 : 0) || a.average - b.average);
        break;
      case "matrix": {
        const points = scalePoints(q.settings);
        result.matrix = {
          points,
          rows: q.options.map((row) => {
            const cells = points.map((p) => mine.find((c) => c.rowId === row.id && c.num === p)?.n ?? 0);
            const n = cells.reduce((s, x) => s + x, 0);
            return { label: pick(row.label, language), counts: cells, mean: n ? Math.round((cells.reduce((s, x, i) => s + x * points[i]!, 0) / n) * 100) / 100 : null };
          }),
        };
        break;
      }
      default:
        if (TEXT_TYPES.includes(q.type)) result.texts = textList(q.id, opts.staff);
    }
    return result;
  });
  return { total, questions };
}

function textList(questionId: number, staff: boolean) {
  return textAnswers(questionId, { publishedOnly: !staff }).map((a) => ({ id: a.id, text: a.text ?? "", published: a.published }));
}

/** Options × groups for a choice question, suppressed so that no group of 1–4 can be seen or derived. */
function crosstabs(q: Question, language: string, districts: Array<{ key: number; label: string }>, t: (key: string) => string): CrossTab[] {
  const groups: Record<Breakdown, Array<{ key: string | number | null; label: string }>> = {
    district: [...districts, { key: null, label: t("results.notGiven") }],
    ageBand: [...AGE_BANDS.map((a) => ({ key: a, label: a })), { key: null, label: t("results.notGiven") }],
    gender: [...GENDERS.map((g) => ({ key: g, label: t(`gender.${g}`) })), { key: null, label: t("results.notGiven") }],
  };
  return (Object.keys(groups) as Breakdown[]).map((by) => {
    const rows = crossCounts(q.id, by);
    const cols = groups[by];
    const cells = q.options.map((o) => cols.map((c) => rows.find((r) => r.optionId === o.id && (r.group ?? null) === c.key)?.n ?? 0));
    // Row totals and the grand total are the one-way results, published anyway: known to anyone.
    const safe = suppressTable(cells, undefined, { rowTotals: true, total: true });
    return {
      by,
      columns: cols.map((c) => c.label),
      rows: q.options.map((o, i) => ({ label: pick(o.label, language), cells: safe.cells[i]!, total: safe.rowTotals[i]! })),
      totals: safe.colTotals,
      total: safe.total,
    };
  });
}
