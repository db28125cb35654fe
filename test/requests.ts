// Helpers to call loaders and actions with real Request objects, as Remix would.
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";

export const ORIGIN = "http://localhost:3000";

export function formRequest(path: string, fields: Record<string, string | string[]> | URLSearchParams | FormData, init: RequestInit = {}) {
  let body: URLSearchParams | FormData;
  if (fields instanceof URLSearchParams || fields instanceof FormData) body = fields;
  else {
    body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const item of [v].flat()) body.append(k, item);
  }
  return new Request(`${ORIGIN}${path}`, { method: "POST", body, ...init });
}

export function getRequest(path: string, headers: Record<string, string> = {}) {
  return new Request(`${ORIGIN}${path}`, { headers });
}

export function context(ip = "203.0.113.1"): AppLoadContext {
  return { ip, cspNonce: "test" };
}

export type DataFunction = (args: LoaderFunctionArgs & ActionFunctionArgs) => Promise<Response | undefined> | Response | undefined;

/** Calls a loader or an action with route params; a thrown Response (redirect, 4xx) is returned like a returned one. */
export async function call(fn: DataFunction, request: Request, params: Record<string, string> = {}, ctx: AppLoadContext = context()): Promise<Response> {
  try {
    const response = await fn({ request, params, context: ctx });
    if (!response) throw new Error("no response");
    return response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

export function callAction(action: DataFunction, request: Request, ctx: AppLoadContext = context()) {
  return call(action, request, {}, ctx);
}

export function callLoader(loader: DataFunction, request: Request, ctx: AppLoadContext = context()) {
  return call(loader, request, {}, ctx);
}

/** The session cookie from a response, to send with the next request. */
export function cookieFrom(response: Response): string {
  const set = response.headers.get("Set-Cookie") ?? "";
  return set.split(";")[0] ?? "";
}

/**
 * A signed-in browser's Cookie header for this account, made directly (signing in through the
 * form would hash a password, ~50 ms each).
 */
export async function sessionCookieFor(userId: number): Promise<string> {
  const { createSession } = await import("~/models/sessions.server");
  const { sessionCookie } = await import("~/utils/session.server");
  return (await sessionCookie.serialize(createSession(userId).token)).split(";")[0]!;
}
