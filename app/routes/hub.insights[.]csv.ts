import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { pick } from "~/domain/translated";
import { exportTable, insightsScope, viewSchema } from "~/models/insights.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { requireStaff } from "~/utils/session.server";

// One view of /hub/insights as CSV, for Excel: UTF-8 with a byte-order mark, headers in the page's
// language, formulas escaped (an idea's title is a resident's text). Staff only.
//   /hub/insights.csv?view=weekly|districts|channels|demographics|ideas&from=…&to=…&district=…&goal=…
// An unknown view is the weekly one; filters fall back to their defaults as on the page.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const language = await getLanguage(request);
  const params = new URL(request.url).searchParams;
  const view = viewSchema.parse(params.get("view") ?? undefined);
  const { filter, period } = insightsScope(params);
  const table = exportTable(view, filter, period, { t: getT(language, "insights"), name: (value) => pick(value, language) });
  const csv = stringify([table.header, ...table.rows.map((row) => row.map((cell) => cell ?? ""))], { bom: true, escape_formulas: true, record_delimiter: "windows" });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="khma-insights-${view}-${filter.from}-${filter.to}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
