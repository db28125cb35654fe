import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { getLanguage, getT } from "~/utils/i18n.server";
import { publicResults } from "~/utils/rounds-api.server";

// A round's results as CSV, one row an option, for Excel (UTF-8 with a byte-order mark).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { view, headers } = await publicResults(params, request);
  const t = getT(await getLanguage(request), "rounds");
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
  const csv = stringify(rows, { header: true, columns: columns.map(([key, header]) => ({ key, header })), bom: true, escape_formulas: true, record_delimiter: "windows" });
  return new Response(csv, {
    headers: { ...headers, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="khma-round-${view.id}-results.csv"` },
  });
}
