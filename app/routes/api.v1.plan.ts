import { planForApi } from "~/models/open-data.server";
import { apiJson, apiLoader } from "~/utils/api.server";

// Open data: the long-term development plan, every goal with its measures and their progress reports.
export const loader = apiLoader(({ request, language }) => apiJson(request, { language, goals: planForApi(language) }, { maxAge: 300, language }));
