import { roundsForApi } from "~/models/open-data.server";
import { apiJson, apiLoader } from "~/utils/api.server";

// Open data: published rounds with their phase and links to what is public of each.
export const loader = apiLoader(({ request, language }) => apiJson(request, { language, rounds: roundsForApi(language) }, { maxAge: 60, language }));
