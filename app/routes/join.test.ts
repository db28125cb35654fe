// Registration, as a browser posts it: what is stored, what is refused, and what the person sees.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { consents } from "#db/schema";
import { PRIVACY_NOTICE_VERSION } from "~/models/consents.server";
import { countUsers, findUserForLogin } from "~/models/users.server";
import { getDb } from "~/utils/db.server";
import { MAX_FORM_BYTES } from "~/utils/form.server";
import { getUser } from "~/utils/session.server";
import { callAction, callLoader, context, cookieFrom, formRequest, getRequest, ORIGIN } from "../../test/requests";
import { action, loader } from "./join";

type Reply = {
  status?: string;
  initialValue: Record<string, unknown> | null;
  error?: Record<string, string[] | null>;
};

const VALID = {
  displayName: "ნინო ბერიძე",
  identifier: "new.resident@example.ge",
  password: "rustavi-new-2030",
  consent: "on",
} as const;

type Field = keyof typeof VALID;

let ipCounter = 0;
/** A fresh documentation address per call, so that no test meets another's rate limit. */
function freshIp() {
  ipCounter += 1;
  return context(`198.51.100.${ipCounter}`);
}

function join(fields: Record<string, string | string[]> | FormData, ctx = freshIp(), init: RequestInit = {}) {
  return callAction(action, formRequest("/join", fields, init), ctx);
}

/** Asserts a refused registration: 400, the code on the field, the rest kept, the password never echoed, nothing stored. */
async function expectRefused(
  response: Response,
  usersBefore: number,
  field: string,
  errorCode: string,
  kept: Partial<Record<Field, string>>,
) {
  expect(response.status).toBe(400);
  expect(response.headers.get("Set-Cookie")).toBeNull();
  const body = (await response.json()) as Reply;
  expect(body.status).toBe("error");
  expect(body.error?.[field]).toContain(errorCode);
  for (const [name, value] of Object.entries(kept)) expect(body.initialValue?.[name], name).toBe(value);
  expect(body.initialValue).not.toHaveProperty("password");
  expect(JSON.stringify(body)).not.toContain(VALID.password);
  expect(countUsers()).toBe(usersBefore);
  return body;
}

/** Every valid field except `field`, as the person typed them. */
function othersThan(field: Field): Partial<Record<Field, string>> {
  const kept: Partial<Record<Field, string>> = { ...VALID };
  delete kept[field];
  delete kept.password;
  return kept;
}

function consentsOf(userId: number) {
  return getDb().select().from(consents).where(eq(consents.userId, userId)).all();
}

describe("registering", () => {
  it("with an email address signs the person in and stores a resident with their consent", async () => {
    const before = countUsers();
    const response = await join({ ...VALID, identifier: "  New.Resident@Example.GE " });

    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/me");
    const setCookie = response.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/^khma_session=[^;]+;/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(setCookie).toMatch(/;\s*Path=\//i);

    expect(countUsers()).toBe(before + 1);
    const user = findUserForLogin({ kind: "email", value: "new.resident@example.ge" });
    expect(user).toMatchObject({ displayName: VALID.displayName, email: "new.resident@example.ge", phone: null, role: "resident" });
    expect(user!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user!.passwordHash).not.toContain(VALID.password);
    expect(consentsOf(user!.id)).toEqual([
      expect.objectContaining({ kind: "privacy-notice", version: PRIVACY_NOTICE_VERSION, withdrawnAt: null }),
    ]);

    const signedIn = await getUser(getRequest("/me", { Cookie: cookieFrom(response) }));
    expect(signedIn?.id).toBe(user!.id);
  });

  it("with a mobile number typed with spaces stores it as +995…", async () => {
    const response = await join(
      { ...VALID, displayName: "Elvin Məmmədov", identifier: "555 12 34 99" },
      freshIp(),
      { headers: { "Accept-Language": "ru" } },
    );
    expect(response.status).toBe(302);
    const user = findUserForLogin({ kind: "phone", value: "+995555123499" });
    expect(user).toMatchObject({ displayName: "Elvin Məmmədov", phone: "+995555123499", email: null, role: "resident", locale: "ru" });
    expect(consentsOf(user!.id)).toHaveLength(1);
  });

  it("accepts a name with a single combining mark and stores it NFC-normalised", async () => {
    const decomposed = "ნინო Pe\u0301trova-Ka\u0301pana\u0301dze";
    const response = await join({ ...VALID, displayName: decomposed, identifier: "nfc@example.ge" });
    expect(response.status).toBe(302);
    const user = findUserForLogin({ kind: "email", value: "nfc@example.ge" });
    expect(user?.displayName).toBe("ნინო P\u00e9trova-K\u00e1pan\u00e1dze");
    expect(user?.displayName).toBe(user?.displayName.normalize("NFC"));
  });

  it("keeps a name with SQL-looking punctuation that is still a name, verbatim", async () => {
    const response = await join({ ...VALID, displayName: "D'Artagnan O'Brien-Lee", identifier: "o'brien@example.ge" });
    expect(response.status).toBe(302);
    expect(findUserForLogin({ kind: "email", value: "o'brien@example.ge" })?.displayName).toBe("D'Artagnan O'Brien-Lee");
  });
});

describe("registering is refused, nothing stored", () => {
  it.each([
    ["displayName", "required"],
    ["identifier", "required"],
    ["password", "required"],
  ] as const)("when %s is empty", async (field, errorCode) => {
    const before = countUsers();
    await expectRefused(await join({ ...VALID, [field]: "" }), before, field, errorCode, othersThan(field));
  });

  it("when every field is empty", async () => {
    const before = countUsers();
    const body = await expectRefused(await join({ displayName: "", identifier: "", password: "" }), before, "displayName", "required", {});
    expect(body.error).toMatchObject({ identifier: ["required"], password: ["required"], consent: ["consentRequired"] });
  });

  it("when the name is only spaces", async () => {
    const before = countUsers();
    const response = await join({ ...VALID, displayName: "    " });
    expect(response.status).toBe(400);
    const body = (await response.json()) as Reply;
    expect(body.error?.displayName?.length).toBeGreaterThan(0);
    expect(countUsers()).toBe(before);
  });

  it.each([
    ["displayName", "ნ".repeat(10_000), "tooLong:80"],
    ["identifier", `${"a".repeat(10_000)}@example.ge`, "tooLong:254"],
    ["password", "p".repeat(10_000), "tooLong:128"],
  ] as const)("when %s is 10 kB long", async (field, value, errorCode) => {
    const before = countUsers();
    await expectRefused(await join({ ...VALID, [field]: value }), before, field, errorCode, othersThan(field));
  });

  it.each(["displayName", "identifier", "password"] as const)("when %s is a file, not text", async (field) => {
    const before = countUsers();
    const form = new FormData();
    for (const [name, value] of Object.entries(VALID)) {
      if (name === field) form.append(name, new File(["ნინო ბერიძე"], "name.txt", { type: "text/plain" }));
      else form.append(name, value);
    }
    await expectRefused(await join(form), before, field, "invalid", othersThan(field));
  });

  it.each(["displayName", "identifier", "password"] as const)("when %s is sent twice", async (field) => {
    const before = countUsers();
    const doubled = field === "identifier" ? ["a@example.ge", "b@example.ge"] : [VALID[field], VALID[field]];
    await expectRefused(await join({ ...VALID, [field]: doubled }), before, field, "invalid", othersThan(field));
  });

  describe.each([
    ["NUL", "\u0000"],
    ["BEL", "\u0007"],
    ["right-to-left override", "\u202E"],
  ])("when a field holds a %s control character", (_, char) => {
    it.each([
      ["displayName", `ნი${char}ნო ბერიძე`],
      ["identifier", `new.resi${char}dent@example.ge`],
      ["password", `rustavi-${char}-2030`],
    ] as const)("in %s", async (field, value) => {
      const before = countUsers();
      await expectRefused(await join({ ...VALID, [field]: value }), before, field, "controlCharacters", othersThan(field));
    });
  });

  it("when a Georgian name carries stacked combining marks (zalgo)", async () => {
    const before = countUsers();
    const zalgo = "ნ\u0301\u0302\u0303\u0304ინო ბ\u0336\u0337\u0338ერიძე";
    await expectRefused(await join({ ...VALID, displayName: zalgo }), before, "displayName", "nameCharacters", othersThan("displayName"));
  });

  it.each([
    ["displayName", "ნინო'); DROP TABLE users;--", "nameCharacters"],
    ["displayName", "x' OR '1'='1", "nameCharacters"],
    ["identifier", "' OR 1=1 --", "identifier"],
    ["identifier", "nino@khma.test' OR '1'='1", "email"],
    ["identifier", "555000101; DELETE FROM users", "identifier"],
  ] as const)("when %s holds the SQL fragment %s", async (field, value, errorCode) => {
    const before = countUsers();
    await expectRefused(await join({ ...VALID, [field]: value }), before, field, errorCode, othersThan(field));
    // The table is still there and still answers.
    expect(findUserForLogin({ kind: "email", value: "nino@khma.test" })?.displayName).toBe("ნინო კაპანაძე");
  });

  it.each([
    ["displayName", "<script>alert(1)</script>", "nameCharacters"],
    ["displayName", "ნინო <img src=x onerror=alert(1)>", "nameCharacters"],
    ["identifier", "<script>alert(1)</script>", "identifier"],
    ["identifier", "<script>alert(1)</script>@example.ge", "email"],
  ] as const)("when %s holds the HTML %s", async (field, value, errorCode) => {
    const before = countUsers();
    await expectRefused(await join({ ...VALID, [field]: value }), before, field, errorCode, othersThan(field));
  });

  it.each([[undefined], ["yes"], ["off"]])("when consent is %s rather than ticked", async (consent) => {
    const before = countUsers();
    const { consent: _, ...rest } = VALID;
    const fields = consent === undefined ? rest : { ...rest, consent };
    await expectRefused(await join(fields), before, "consent", "consentRequired", {
      displayName: VALID.displayName,
      identifier: VALID.identifier,
    });
  });

  it("when the email is already registered, in any case: 409 and no second account", async () => {
    const before = countUsers();
    const response = await join({ ...VALID, identifier: "NINO@khma.test" });
    expect(response.status).toBe(409);
    expect(response.headers.get("Set-Cookie")).toBeNull();
    const body = (await response.json()) as Reply;
    expect(body.error?.identifier).toEqual(["accountExists"]);
    expect(body.initialValue).toMatchObject({ displayName: VALID.displayName, identifier: "NINO@khma.test" });
    expect(body.initialValue).not.toHaveProperty("password");
    expect(countUsers()).toBe(before);
    expect(findUserForLogin({ kind: "email", value: "nino@khma.test" })?.displayName).toBe("ნინო კაპანაძე");
  });

  it("when the mobile number is already registered, however it is spelled: 409", async () => {
    const before = countUsers();
    const response = await join({ ...VALID, identifier: "+995 (555) 00-01-01" });
    expect(response.status).toBe(409);
    expect(((await response.json()) as Reply).error?.identifier).toEqual(["accountExists"]);
    expect(countUsers()).toBe(before);
  });
});

describe("a body that is not a form", () => {
  it("JSON gets 415, not a 500, and stores nothing", async () => {
    const before = countUsers();
    const response = await callAction(
      action,
      new Request(`${ORIGIN}/join`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(VALID),
      }),
      freshIp(),
    );
    expect(response.status).toBe(415);
    expect(countUsers()).toBe(before);
  });

  it.each([
    ["a multipart body that breaks off", "multipart/form-data; boundary=xyz", '--xyz\r\nContent-Disposition: form-data; name="displayName"\r\n\r\nნინო'],
    ["a multipart body without a boundary", "multipart/form-data", "displayName=x"],
    ["a multipart body of garbage", "multipart/form-data; boundary=xyz", "\u0000\u0001garbage"],
  ])("%s gets 400, not a 500", async (_, type, body) => {
    const before = countUsers();
    const response = await callAction(
      action,
      new Request(`${ORIGIN}/join`, { method: "POST", headers: { "Content-Type": type }, body }),
      freshIp(),
    );
    expect(response.status).toBe(400);
    expect(countUsers()).toBe(before);
  });

  // A valid registration padded past MAX_FORM_BYTES with a field nobody reads.
  const padded = () =>
    new URLSearchParams({ ...VALID, identifier: "padded@example.ge", padding: "x".repeat(MAX_FORM_BYTES + 1) });

  it("a body declared over the form limit gets 413 and stores nothing", async () => {
    const before = countUsers();
    const bytes = new TextEncoder().encode(padded().toString());
    const response = await callAction(
      action,
      new Request(`${ORIGIN}/join`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(bytes.byteLength) },
        body: bytes,
      }),
      freshIp(),
    );
    expect(response.status).toBe(413);
    expect(countUsers()).toBe(before);
  });

  // A chunked upload has no Content-Length: the limit must hold while the body is read.
  it("a body over the form limit sent without Content-Length (chunked) also gets 413", async () => {
    const before = countUsers();
    const bytes = new TextEncoder().encode(padded().toString());
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.byteLength; i += 16_384) controller.enqueue(bytes.slice(i, i + 16_384));
        controller.close();
      },
    });
    const request = new Request(`${ORIGIN}/join`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(request.headers.get("Content-Length")).toBeNull();
    const response = await callAction(action, request, freshIp());
    expect(response.status).toBe(413);
    expect(countUsers()).toBe(before);
  });
});

describe("the registration rate limit", () => {
  it("refuses the 11th valid registration from one address within the hour with 429 and Retry-After", async () => {
    const ip = context("198.51.100.250");
    for (let i = 1; i <= 10; i++) {
      const response = await join({ ...VALID, identifier: `limit-${i}@example.ge` }, ip);
      expect(response.status, `attempt ${i}`).toBe(302);
    }
    const before = countUsers();
    const refused = await join({ ...VALID, identifier: "limit-11@example.ge" }, ip);
    expect(refused.status).toBe(429);
    const retry = Number(refused.headers.get("Retry-After"));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60 * 60);
    const body = (await refused.json()) as Reply;
    expect(body.error?.[""]?.[0]).toMatch(/^rateLimited:\d+$/);
    expect(body.initialValue).not.toHaveProperty("password");
    expect(countUsers()).toBe(before);
    expect(findUserForLogin({ kind: "email", value: "limit-11@example.ge" })).toBeUndefined();

    // Another address is not affected.
    expect((await join({ ...VALID, identifier: "limit-11@example.ge" }, context("198.51.100.251"))).status).toBe(302);
  });
});

describe("the join page", () => {
  it("sends a signed-in person to their account", async () => {
    const signedUp = await join({ ...VALID, identifier: "loader@example.ge" });
    const response = await callLoader(loader, getRequest("/join", { Cookie: cookieFrom(signedUp) }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/me");
  });

  it("shows the form to a visitor", async () => {
    const response = await callLoader(loader, getRequest("/join", { "Accept-Language": "en" }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ title: "Register" });
  });
});

