import { goalForApi } from "~/models/open-data.server";
import { apiJson, apiLoader, notFound, pathId } from "~/utils/api.server";

// Open data: one goal of the plan, its measures, and what residents said about it.
export const loader = apiLoader(({ request, params, language }) => {
  const goal = goalForApi(pathId(params.id), language);
  if (!goal) return notFound();
  return apiJson(request, { language, ...goal }, { maxAge: 300, language });
});
