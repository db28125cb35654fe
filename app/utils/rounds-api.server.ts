// The open-data side of a round's results: who may read them, and how long they may be cached.
import { resultsView, type ResultsView } from "~/utils/rounds-view.server";
import { getRound } from "~/models/rounds.server";
import { resultsPublic } from "~/domain/rounds";
import { notFound, pathId } from "~/utils/api.server";

/**
 * The results of a published round whose results are public, for anyone. A draft, or results
 * not yet public, is a 404 (thrown, with CORS open): the API never serves a staff preview.
 * Closed results change rarely and may be cached for longer than live ones.
 */
export function publicResults(params: { id?: string }, language: string): { view: ResultsView; maxAge: number } {
  const round = getRound(pathId(params.id));
  const now = new Date();
  if (!round || !round.published || !resultsPublic(round, now)) throw notFound();
  const view = resultsView(round, language, now);
  return { view, maxAge: view.phase === "closed" ? 300 : 30 };
}
