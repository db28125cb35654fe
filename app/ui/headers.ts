// Remix sends a route's loader and action headers with a page only through its `headers` export.
// Routes whose answers carry Retry-After (a refused attempt) or Set-Cookie export this one.
import type { HeadersFunction } from "@remix-run/node";

const PASSED = ["Retry-After", "Set-Cookie"] as const;

export const passHeaders: HeadersFunction = ({ actionHeaders, loaderHeaders, parentHeaders }) => {
  const out = new Headers(parentHeaders);
  for (const source of [loaderHeaders, actionHeaders]) {
    for (const name of PASSED) {
      const value = source.get(name);
      if (value) out.set(name, value);
    }
  }
  return out;
};
