// Signing out ends this browser's session, and only this one.
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions } from "#db/schema";
import { findUserForLogin } from "~/models/users.server";
import { getDb } from "~/utils/db.server";
import { getUser } from "~/utils/session.server";
import { callAction, callLoader, context, cookieFrom, formRequest, getRequest } from "../../test/requests";
import { action as loginAction } from "./login";
import { action, loader } from "./logout";

async function signIn(ip: string): Promise<string> {
  const response = await callAction(
    loginAction,
    formRequest("/login", { identifier: "nino@khma.test", password: "rustavi-resident-2030" }),
    context(ip),
  );
  expect(response.status).toBe(302);
  return cookieFrom(response);
}

function sessionsOfNino(): number {
  const nino = findUserForLogin({ kind: "email", value: "nino@khma.test" })!;
  return getDb().select({ n: count() }).from(sessions).where(eq(sessions.userId, nino.id)).get()?.n ?? 0;
}

function logout(cookie?: string) {
  return callAction(action, formRequest("/logout", {}, cookie ? { headers: { Cookie: cookie } } : {}));
}

const whoIs = (cookie: string) => getUser(getRequest("/me", { Cookie: cookie }));

describe("signing out", () => {
  it("revokes the session row, clears the cookie, and leaves the person's other devices signed in", async () => {
    const phone = await signIn("198.51.100.1");
    const laptop = await signIn("198.51.100.2");
    expect((await whoIs(phone))?.email).toBe("nino@khma.test");
    const before = sessionsOfNino();

    const response = await logout(phone);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?signedOut=1");
    const setCookie = response.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/^khma_session=[^;]*;/);
    expect(setCookie).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    expect(setCookie).toMatch(/HttpOnly/i);

    expect(sessionsOfNino()).toBe(before - 1);
    expect(await whoIs(phone)).toBeNull();
    expect((await whoIs(laptop))?.email).toBe("nino@khma.test");

    // The cleared cookie the browser now holds does not sign anyone in either.
    expect(await whoIs(cookieFrom(response))).toBeNull();
  });

  it("without a session still answers with the redirect and revokes nothing", async () => {
    const cookie = await signIn("198.51.100.3");
    const before = sessionsOfNino();
    const response = await logout();
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?signedOut=1");
    expect(sessionsOfNino()).toBe(before);
    expect((await whoIs(cookie))?.email).toBe("nino@khma.test");
  });

  it("with a forged cookie answers with the redirect and revokes nothing", async () => {
    const cookie = await signIn("198.51.100.4");
    const before = sessionsOfNino();
    const response = await logout(`${cookie}tampered`);
    expect(response.status).toBe(302);
    expect(sessionsOfNino()).toBe(before);
    expect((await whoIs(cookie))?.email).toBe("nino@khma.test");
  });

  it("a GET only asks: it signs nobody out", async () => {
    const cookie = await signIn("198.51.100.5");
    const response = await callLoader(loader, getRequest("/logout", { Cookie: cookie }));
    expect(response.status).toBe(200);
    expect(response.headers.get("Set-Cookie")).toBeNull();
    expect((await whoIs(cookie))?.email).toBe("nino@khma.test");
  });

  it("a GET from an anonymous visitor is sent to sign in", async () => {
    const response = await callLoader(loader, getRequest("/logout"));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Flogout");
  });
});
