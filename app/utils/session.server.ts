// Who is asking. The cookie holds a random token; the session row can be revoked at any time.
import { createCookie, json, redirect } from "@remix-run/node";
import type { Role } from "~/domain/accounts";
import { isStaff, safeRedirect } from "~/domain/accounts";
import { createSession, getSessionUser, revokeSession, SESSION_TTL_MS } from "~/models/sessions.server";
import type { User } from "~/models/users.server";
import { env } from "~/utils/env.server";

export const sessionCookie = createCookie("khma_session", {
  path: "/",
  httpOnly: true,
  sameSite: "lax",
  secure: env.isProduction,
  secrets: [env.SESSION_SECRET],
  maxAge: SESSION_TTL_MS / 1000,
});

async function readToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 && value.length < 200 ? value : null;
}

const seen = new WeakMap<Request, Promise<User | null>>();

/** The signed-in user, or null. Looked up once per request. */
export function getUser(request: Request): Promise<User | null> {
  let user = seen.get(request);
  if (!user) {
    user = readToken(request).then((token) => (token ? (getSessionUser(token) ?? null) : null));
    seen.set(request, user);
  }
  return user;
}

export async function requireUser(request: Request): Promise<User> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
  }
  return user;
}

/** Staff pages: anonymous visitors are sent to sign in, residents get 403. */
export async function requireRole(request: Request, roles: readonly Role[]): Promise<User> {
  const user = await requireUser(request);
  if (!roles.includes(user.role)) throw json({ reason: "forbidden" }, { status: 403 });
  return user;
}

export function requireStaff(request: Request): Promise<User> {
  return requireRole(request, ["moderator", "admin"]);
}

export { isStaff };

export async function signIn(userId: number, redirectTo: unknown): Promise<Response> {
  const { token } = createSession(userId);
  return redirect(safeRedirect(redirectTo), {
    headers: { "Set-Cookie": await sessionCookie.serialize(token) },
  });
}

export async function signOut(request: Request, to = "/login?signedOut=1"): Promise<Response> {
  const token = await readToken(request);
  if (token) revokeSession(token);
  return redirect(to, {
    headers: { "Set-Cookie": await sessionCookie.serialize("", { maxAge: 0 }) },
  });
}
