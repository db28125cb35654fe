// The open-data side of a round's results: who may read them, and how long they may be cached.
import { json } from "@remix-run/node";
import { getLanguage } from "~/utils/i18n.server";
import { resultsView, roundIdFrom, type ResultsView } from "~/utils/rounds-view.server";
import { getRound } from "~/models/rounds.server";
import { resultsPublic } from "~/domain/rounds";

/**
 * The results of a published round whose results are public, for anyone, with CORS open for
 * reading. A draft, or results not yet public, is a 404: the API never serves a staff preview.
 */
export async function publicResults(params: { id?: string }, request: Request): Promise<{ view: ResultsView; headers: Record<string, string> }> {
  const round = getRound(roundIdFrom(params));
  const now = new Date();
  if (!round || !round.published || !resultsPublic(round, now)) throw json({ reason: "notFound" }, { status: 404, headers: { "Access-Control-Allow-Origin": "*" } });
  const view = resultsView(round, await getLanguage(request), now);
  const closed = view.phase === "closed";
  return {
    view,
    headers: {
      "Access-Control-Allow-Origin": "*",
      "Cache-Control": closed ? "public, max-age=300" : "public, max-age=30",
      Vary: "Cookie, Accept-Language",
    },
  };
}
