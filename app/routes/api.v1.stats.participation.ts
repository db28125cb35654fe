import { participation } from "~/models/open-data.server";
import { apiJson, apiLoader } from "~/utils/api.server";

// Open data: how many took part, by district, in numbers and per 1,000 residents.
export const loader = apiLoader(({ request, language }) => apiJson(request, { language, ...participation(language) }, { maxAge: 300, language }));
