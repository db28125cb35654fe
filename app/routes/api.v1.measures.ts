import { measuresTable } from "~/models/open-data.server";
import { apiJson, apiLoader, measuresQuery, parseQuery } from "~/utils/api.server";

// Open data: the plan's measures as one table (the same rows as measures.csv).
export const loader = apiLoader(({ request, url, language }) => {
  const query = parseQuery(url, measuresQuery);
  return apiJson(request, { language, measures: measuresTable(language, query) }, { maxAge: 300, language });
});
