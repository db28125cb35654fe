import { apiCsv, apiLoader, toCsv } from "~/utils/api.server";
import { getT } from "~/utils/i18n.server";
import { publicResults } from "~/utils/rounds-api.server";

// A round's results as CSV, one row an option, for Excel (UTF-8 with a byte-order mark).
export const loader = apiLoader(({ request, params, language }) => {
  const { view, maxAge } = publicResults(params, language);
  const t = getT(language, "rounds");
  const yesNo = (v: boolean | undefined) => (v === undefined ? "" : v ? t("results.funded") : t("results.notFunded"));
  const columns = [
    ["id", "id"],
    ["title", t("results.option")],
    ["score", t(`results.score.${view.method}`)],
    ["ballots", t("results.ballotsNaming")],
    ...(view.method === "ranked" ? [["first", t("results.firstPreferences")]] : []),
    ...(view.budget
      ? [
          ["cost", t("results.cost")],
          ["greedy", t("results.fundedBy", { rule: t("rule.greedy") })],
          ["mes", t("results.fundedBy", { rule: t("rule.mes") })],
        ]
      : []),
  ] as const;
  const rows = view.options.map((o) => ({
    id: o.id,
    title: o.title,
    score: o.score,
    ballots: o.ballots,
    first: o.firstPreferences ?? "",
    cost: o.cost ?? "",
    greedy: yesNo(o.funded?.greedy),
    mes: yesNo(o.funded?.mes),
  }));
  const csv = toCsv(columns.map(([key, header]) => ({ key, header })), rows);
  return apiCsv(request, csv, { maxAge, language, filename: `khma-round-${view.id}-results.csv` });
});
