import { apiLoader, notFound } from "~/utils/api.server";

// Anything else under /api/v1 is a JSON 404, not the site's HTML page.
export const loader = apiLoader(() => notFound());
