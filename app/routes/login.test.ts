// Signing in: any spelling of the account, one answer for every failure, safe redirects, limits.
import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions } from "#db/schema";
import { getDb } from "~/utils/db.server";
import { getUser } from "~/utils/session.server";
import { callAction, callLoader, context, cookieFrom, formRequest, getRequest } from "../../test/requests";
import { action, loader } from "./login";

type Reply = {
  status?: string;
  initialValue: Record<string, unknown> | null;
  error?: Record<string, string[] | null>;
};

const RESIDENT_PASSWORD = "rustavi-resident-2030";

let ipCounter = 0;
function freshIp() {
  ipCounter += 1;
  return context(`198.51.100.${ipCounter}`);
}

function login(fields: Record<string, string | string[]> | FormData, ctx = freshIp()) {
  return callAction(action, formRequest("/login", fields), ctx);
}

function sessionCount(): number {
  return getDb().select({ n: count() }).from(sessions).get()?.n ?? 0;
}

async function whoIs(response: Response) {
  return getUser(getRequest("/me", { Cookie: cookieFrom(response) }));
}

describe("signing in", () => {
  it("with an email address, in any case, signs the person in and goes to /me", async () => {
    const before = sessionCount();
    const response = await login({ identifier: "  Nino@KHMA.test ", password: RESIDENT_PASSWORD });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/me");
    expect(response.headers.get("Set-Cookie")).toMatch(/^khma_session=[^;]+;.*HttpOnly/i);
    expect((await whoIs(response))?.email).toBe("nino@khma.test");
    expect(sessionCount()).toBe(before + 1);
  });

  it.each(["+995 555 00 01 01", "555000101", "(555) 00-01-01", "995555000101", "+995-555-00-01-01"])(
    "with the mobile number spelled %s",
    async (identifier) => {
      const response = await login({ identifier, password: RESIDENT_PASSWORD });
      expect(response.status).toBe(302);
      expect((await whoIs(response))?.phone).toBe("+995555000101");
    },
  );
});

describe("a failed sign-in", () => {
  it("a wrong password and an unknown account get the same answer: 401, 'failed', identifier kept, password not", async () => {
    const before = sessionCount();
    const wrong = await login({ identifier: "nino@khma.test", password: "not-the-password" });
    const unknown = await login({ identifier: "nobody@khma.test", password: "not-the-password" });

    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(401);
      expect(response.headers.get("Set-Cookie")).toBeNull();
    }
    const wrongBody = (await wrong.json()) as Reply;
    const unknownBody = (await unknown.json()) as Reply;
    expect(wrongBody.error).toEqual({ "": ["failed"] });
    expect(wrongBody.initialValue).toEqual({ identifier: "nino@khma.test" });
    expect(unknownBody.initialValue).toEqual({ identifier: "nobody@khma.test" });
    // Apart from the echoed identifier, the two answers are the same.
    expect({ ...unknownBody, initialValue: null }).toEqual({ ...wrongBody, initialValue: null });
    expect(Object.keys(unknownBody).sort()).toEqual(Object.keys(wrongBody).sort());
    expect(JSON.stringify([wrongBody, unknownBody])).not.toContain("not-the-password");
    expect(sessionCount()).toBe(before);
  });

  it("a phone number nobody registered gets the same 401", async () => {
    const response = await login({ identifier: "599 99 99 99", password: RESIDENT_PASSWORD });
    expect(response.status).toBe(401);
    expect(((await response.json()) as Reply).error).toEqual({ "": ["failed"] });
  });

  it.each([
    ["an SQL fragment", "' OR '1'='1"],
    ["control characters", "rustavi-resident-2030\u0000"],
    ["the right password with different case", "RUSTAVI-RESIDENT-2030"],
    ["the right password with a trailing space", "rustavi-resident-2030 "],
  ])("%s as the password does not sign in", async (_, password) => {
    const before = sessionCount();
    const response = await login({ identifier: "nino@khma.test", password });
    expect(response.status).toBe(401);
    expect(sessionCount()).toBe(before);
  });
});

describe("a sign-in with bad input gets 400 and creates no session", () => {
  const VALID = { identifier: "nino@khma.test", password: RESIDENT_PASSWORD };

  async function expectRefused(response: Response, before: number, field: string, errorCode: string, keptIdentifier?: string) {
    expect(response.status).toBe(400);
    expect(response.headers.get("Set-Cookie")).toBeNull();
    const body = (await response.json()) as Reply;
    expect(body.error?.[field]).toContain(errorCode);
    if (keptIdentifier !== undefined) expect(body.initialValue?.identifier).toBe(keptIdentifier);
    expect(body.initialValue).not.toHaveProperty("password");
    expect(JSON.stringify(body)).not.toContain(RESIDENT_PASSWORD);
    expect(sessionCount()).toBe(before);
  }

  it("empty identifier", async () => {
    const before = sessionCount();
    await expectRefused(await login({ ...VALID, identifier: "" }), before, "identifier", "required");
  });

  it("empty password", async () => {
    const before = sessionCount();
    await expectRefused(await login({ ...VALID, password: "" }), before, "password", "required", VALID.identifier);
  });

  it("10 kB identifier", async () => {
    const before = sessionCount();
    await expectRefused(await login({ ...VALID, identifier: `${"n".repeat(10_000)}@khma.test` }), before, "identifier", "tooLong:254");
  });

  it("10 kB password (never hashed)", async () => {
    const before = sessionCount();
    await expectRefused(await login({ ...VALID, password: "p".repeat(10_000) }), before, "password", "tooLong:128", VALID.identifier);
  });

  it.each(["identifier", "password"] as const)("a file as the %s", async (field) => {
    const before = sessionCount();
    const form = new FormData();
    form.append("identifier", field === "identifier" ? new File(["nino@khma.test"], "id.txt") : VALID.identifier);
    form.append("password", field === "password" ? new File([RESIDENT_PASSWORD], "pw.txt") : VALID.password);
    await expectRefused(await login(form), before, field, "invalid", field === "password" ? VALID.identifier : undefined);
  });

  it.each(["identifier", "password"] as const)("the %s sent twice", async (field) => {
    const before = sessionCount();
    await expectRefused(await login({ ...VALID, [field]: [VALID[field], VALID[field]] }), before, field, "invalid");
  });

  it.each([
    ["NUL", "nino\u0000@khma.test"],
    ["BEL", "nino@khma.test\u0007"],
    ["right-to-left override", "\u202Enino@khma.test"],
  ])("a %s control character in the identifier", async (_, identifier) => {
    const before = sessionCount();
    await expectRefused(await login({ ...VALID, identifier }), before, "identifier", "controlCharacters", identifier);
  });

  it.each([
    ["' OR 1=1 --", "identifier"],
    ["nino@khma.test' --", "email"],
    ["nino@khma.test' OR '1'='1", "email"],
  ])("the SQL fragment %s as identifier", async (identifier, errorCode) => {
    const before = sessionCount();
    await expectRefused(await login({ ...VALID, identifier }), before, "identifier", errorCode, identifier);
  });

  it.each([
    ["<script>alert(1)</script>", "identifier"],
    ["<script>alert(1)</script>@khma.test", "email"],
  ])("the HTML %s as identifier", async (identifier, errorCode) => {
    const before = sessionCount();
    await expectRefused(await login({ ...VALID, identifier }), before, "identifier", errorCode, identifier);
  });

  it("a JSON body gets 415", async () => {
    const before = sessionCount();
    const response = await callAction(
      action,
      formRequest("/login", { ...VALID }, { headers: { "Content-Type": "application/json" } }),
      freshIp(),
    );
    expect(response.status).toBe(415);
    expect(sessionCount()).toBe(before);
  });
});

describe("where a sign-in leads", () => {
  it.each([
    ["/hub", "/hub"],
    ["/me?tab=1", "/me?tab=1"],
    ["//evil.example", "/me"],
    ["https://evil.example", "/me"],
    ["/\\evil.example", "/me"],
    ["javascript:alert(1)", "/me"],
    ["", "/me"],
  ])("redirectTo %j goes to %s", async (redirectTo, location) => {
    const response = await login({ identifier: "moderator@khma.test", password: "rustavi-moderator-2030", redirectTo });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(location);
  });
});

describe("the per-account limit", () => {
  it("refuses the 11th attempt on one account within 15 minutes, from any address and any spelling", async () => {
    const spellings = ["irina@khma.test", "IRINA@khma.test", " Irina@Khma.Test "];
    for (let i = 0; i < 10; i++) {
      const response = await login({ identifier: spellings[i % 3]!, password: `wrong-${i}` }, context(`203.0.113.${100 + i}`));
      expect(response.status, `attempt ${i + 1}`).toBe(401);
    }
    const before = sessionCount();
    const refused = await login({ identifier: "irina@khma.test", password: "wrong-again" }, context("203.0.113.200"));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(Number(refused.headers.get("Retry-After"))).toBeLessThanOrEqual(15 * 60);
    const body = (await refused.json()) as Reply;
    expect(body.error?.[""]?.[0]).toMatch(/^rateLimited:\d+$/);
    expect(body.initialValue).not.toHaveProperty("password");

    // Even the right password waits: the account is locked for the window, not just the guesser.
    const right = await login({ identifier: "irina@khma.test", password: RESIDENT_PASSWORD }, context("203.0.113.201"));
    expect(right.status).toBe(429);
    expect(sessionCount()).toBe(before);

    // Another account is not affected.
    const other = await login({ identifier: "admin@khma.test", password: "rustavi-admin-2030" }, context("203.0.113.202"));
    expect(other.status).toBe(302);
  });
});

describe("the sign-in page", () => {
  it("shows the form to a visitor, with a safe redirect target", async () => {
    const response = await callLoader(loader, getRequest("/login?redirectTo=%2F%2Fevil.example&reset=1", { "Accept-Language": "en" }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ title: "Sign in", redirectTo: "/me", notice: "passwordChanged" });
  });

  it("sends a signed-in person on, to redirectTo when it is local", async () => {
    const signedIn = await login({ identifier: "admin@khma.test", password: "rustavi-admin-2030" });
    const cookie = cookieFrom(signedIn);
    const plain = await callLoader(loader, getRequest("/login", { Cookie: cookie }));
    expect(plain.status).toBe(302);
    expect(plain.headers.get("Location")).toBe("/me");
    const toHub = await callLoader(loader, getRequest("/login?redirectTo=%2Fhub", { Cookie: cookie }));
    expect(toHub.headers.get("Location")).toBe("/hub");
    const away = await callLoader(loader, getRequest("/login?redirectTo=https%3A%2F%2Fevil.example", { Cookie: cookie }));
    expect(away.headers.get("Location")).toBe("/me");
  });

  it("does not accept a forged cookie", async () => {
    const response = await callLoader(loader, getRequest("/login", { Cookie: "khma_session=forged.value" }));
    expect(response.status).toBe(200);
  });
});
