import type { LoaderFunctionArgs } from "@remix-run/node";
import { xlsxExport } from "~/utils/surveys-export.server";

// A survey's responses as XLSX, for staff: one row a response (see surveys-export.server.ts).
export function loader({ request, params }: LoaderFunctionArgs) {
  return xlsxExport(request, params);
}
