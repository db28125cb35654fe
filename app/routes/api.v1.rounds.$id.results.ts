import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getLanguage } from "~/utils/i18n.server";
import { publicResults } from "~/utils/rounds-api.server";

// Open data: a round's results as JSON. Only aggregates; small district groups are hidden.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { view, headers } = await publicResults(params, request);
  const language = await getLanguage(request);
  return json({ language, ...view }, { headers });
}
