import { ideasForApi } from "~/models/open-data.server";
import { apiJson, apiLoader, IDEAS_PAGE_SIZE, ideasQuery, parseQuery } from "~/utils/api.server";

// Open data: the public list of ideas, newest first, a page at a time. Of the author, only the display name.
export const loader = apiLoader(({ request, url, language }) => {
  const { page = 1, ...filter } = parseQuery(url, ideasQuery);
  const { items, total } = ideasForApi(filter, language, { size: IDEAS_PAGE_SIZE, number: page });
  return apiJson(request, { language, page, pageSize: IDEAS_PAGE_SIZE, pages: Math.ceil(total / IDEAS_PAGE_SIZE), total, items }, { maxAge: 60, language });
});
