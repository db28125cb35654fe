import { measuresTable } from "~/models/open-data.server";
import { apiCsv, apiLoader, measuresQuery, parseQuery, toCsv } from "~/utils/api.server";

const COLUMNS = [
  { key: "id", header: "id" },
  { key: "goalId", header: "goal_id" },
  { key: "goal", header: "goal" },
  { key: "title", header: "title" },
  { key: "description", header: "description" },
  { key: "department", header: "department" },
  { key: "status", header: "status" },
  { key: "progress", header: "progress" },
  { key: "startsOn", header: "starts_on" },
  { key: "endsOn", header: "ends_on" },
  { key: "updates", header: "updates" },
  { key: "lastUpdateAt", header: "last_update_at" },
] as const;

// Open data: the plan's measures as CSV, a row each; column names are fixed, texts in ?lng=.
export const loader = apiLoader(({ request, url, language }) => {
  const query = parseQuery(url, measuresQuery);
  return apiCsv(request, toCsv(COLUMNS, measuresTable(language, query)), { maxAge: 300, language, filename: "khma-measures.csv" });
});
