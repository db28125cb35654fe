import type { LoaderFunctionArgs } from "@remix-run/node";
import { jsonExport } from "~/utils/surveys-export.server";

// A survey's responses as JSON, for staff: one row a response (see surveys-export.server.ts).
export function loader({ request, params }: LoaderFunctionArgs) {
  return jsonExport(request, params);
}
