import type { LoaderFunctionArgs } from "@remix-run/node";
import ExcelJS from "exceljs";
import { pick } from "~/domain/translated";
import { exportTable, insightsScope, VIEWS } from "~/models/insights.server";
import { getLanguage, getT } from "~/utils/i18n.server";
import { requireStaff } from "~/utils/session.server";

// /hub/insights as an Excel workbook: one sheet a view (by week, by district, by channel, by age and
// gender, ideas), named and headed in the page's language, with the page's filters. Staff only.
// The tables are aggregates, small enough to build in memory.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const language = await getLanguage(request);
  const t = getT(language, "insights");
  const { filter, period } = insightsScope(new URL(request.url).searchParams);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Khma";
  for (const view of VIEWS) {
    const table = exportTable(view, filter, period, { t, name: (value) => pick(value, language) });
    // Excel allows 31 characters in a sheet's name, and none of []:*?/\.
    const sheet = workbook.addWorksheet(t(`views.${view}`).replace(/[[\]:*?/\\]/g, " ").slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = table.header.map((header, i) => ({ width: i === 0 ? 28 : Math.max(12, Math.min(40, [...header].length + 2)) }));
    sheet.addRow(table.header).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row.map((cell) => cell ?? undefined));
  }
  // The fastest deflate level: a third less time for a file a few kB larger.
  const body = await workbook.xlsx.writeBuffer({ zip: { compression: "DEFLATE", compressionOptions: { level: 1 } } });
  return new Response(new Uint8Array(body as ArrayBuffer), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="khma-insights-${filter.from}-${filter.to}.xlsx"`,
      "Cache-Control": "no-store",
    },
  });
}
