import { apiJson, apiLoader } from "~/utils/api.server";
import { publicResults } from "~/utils/rounds-api.server";

// Open data: a round's results as JSON. Only aggregates; small district groups are hidden.
export const loader = apiLoader(({ request, params, language }) => {
  const { view, maxAge } = publicResults(params, language);
  return apiJson(request, { language, ...view }, { maxAge, language });
});
