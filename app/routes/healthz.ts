import { json } from "@remix-run/node";
import { checkDatabase } from "~/models/health.server";

// Liveness and a real database round trip, for the city's monitoring.
export function loader() {
  try {
    checkDatabase();
    return json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return json({ status: "unavailable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
