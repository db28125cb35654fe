import { publicPabulib } from "~/models/open-data.server";
import { apiLoader, apiText, notFound, pathId } from "~/utils/api.server";

// Open data: the anonymous ballots of a closed participatory budget, as a Pabulib file (pabulib.org).
export const loader = apiLoader(({ request, params, language }) => {
  const id = pathId(params.id);
  const file = publicPabulib(id, language);
  if (!file.ok) return notFound(file.reason);
  return apiText(request, file.text, { maxAge: 3600, language, filename: `khma-round-${id}.pb` });
});
