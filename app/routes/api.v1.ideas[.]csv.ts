import { ideasForApi } from "~/models/open-data.server";
import { apiCsv, apiLoader, ideasQuery, parseQuery, toCsv } from "~/utils/api.server";

const COLUMNS = [
  { key: "id", header: "id" },
  { key: "title", header: "title" },
  { key: "description", header: "description" },
  { key: "goalId", header: "goal_id" },
  { key: "goal", header: "goal" },
  { key: "districtId", header: "district_id" },
  { key: "district", header: "district" },
  { key: "status", header: "status" },
  { key: "validated", header: "validated" },
  { key: "supports", header: "supports" },
  { key: "comments", header: "comments" },
  { key: "createdOn", header: "created_on" },
  { key: "author", header: "author" },
] as const;

// Open data: every idea of the public list that matches the filters, as CSV (no pages).
export const loader = apiLoader(({ request, url, language }) => {
  const filter = parseQuery(url, ideasQuery.omit({ page: true }));
  const { items } = ideasForApi(filter, language);
  const rows = items.map((i) => ({ ...i, goalId: i.goal.id, goal: i.goal.title, districtId: i.district.id, district: i.district.name, validated: i.validated ? "true" : "false" }));
  return apiCsv(request, toCsv(COLUMNS, rows), { maxAge: 60, language, filename: "khma-ideas.csv" });
});
