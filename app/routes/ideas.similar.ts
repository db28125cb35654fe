import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { similarIdeas } from "~/models/ideas.server";

// Similar published ideas for the title being typed (used by /ideas/new with JavaScript).
export function loader({ request }: LoaderFunctionArgs) {
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 200);
  return json({ similar: similarIdeas(q).map((i) => ({ id: i.id, title: i.title })) }, { headers: { "Cache-Control": "no-store" } });
}
