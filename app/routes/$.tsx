import type { MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { pageTitle } from "~/ui/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(undefined, matches);

// Every unknown address: a 404 page in the visitor's language (the root error boundary).
export function loader() {
  throw json({ reason: "notFound" }, { status: 404 });
}

export default function NotFound() {
  return null;
}
