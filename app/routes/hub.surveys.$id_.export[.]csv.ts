import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvExport } from "~/utils/surveys-export.server";

// A survey's responses as CSV, for staff: one row a response (see surveys-export.server.ts).
export function loader({ request, params }: LoaderFunctionArgs) {
  return csvExport(request, params);
}
