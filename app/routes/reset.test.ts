// Resetting a forgotten password with a six-digit code sent through the outbox.
import { afterEach, describe, expect, it, vi } from "vitest";
import { listOutbox } from "~/models/outbox.server";
import { createUser, findUserForLogin } from "~/models/users.server";
import { getUser } from "~/utils/session.server";
import { hashPassword } from "~/utils/password.server";
import { callAction, context, cookieFrom, formRequest, getRequest } from "../../test/requests";
import { action as loginAction } from "./login";
import { action } from "./reset";

type Reply = { status?: string; initialValue: Record<string, unknown> | null; error?: Record<string, string[] | null> };
type ResetData = { step: "request" | "complete"; sentTo: string | null; result: Reply };

let ipCounter = 0;
function freshIp() {
  ipCounter += 1;
  return context(`198.51.100.${ipCounter}`);
}

function requestCode(identifier: string, ctx = freshIp()) {
  return callAction(action, formRequest("/reset", { intent: "request", identifier }), ctx);
}

function complete(identifier: string, code: string, password: string, ctx = freshIp()) {
  return callAction(action, formRequest("/reset", { intent: "complete", identifier, code, password }), ctx);
}

function login(identifier: string, password: string) {
  return callAction(loginAction, formRequest("/login", { identifier, password }), freshIp());
}

function outboxFor(recipient: string) {
  return listOutbox({ limit: 1000 }).filter((m) => m.recipient === recipient);
}

/** The code in the newest message to `recipient`. */
function latestCode(recipient: string): string {
  const [message] = outboxFor(recipient);
  const match = /\b(\d{6})\b/.exec(message?.body ?? "");
  if (!match) throw new Error(`no code sent to ${recipient}`);
  return match[1]!;
}

/** A six-digit code that is not `code`. */
function otherThan(code: string, offset = 1): string {
  return String((Number(code) + offset) % 1_000_000).padStart(6, "0");
}

async function makeResident(email: string, password: string) {
  const user = createUser({
    displayName: "Test Resident",
    identifier: { kind: "email", value: email },
    passwordHash: await hashPassword(password),
  });
  if (!user) throw new Error(`${email} exists`);
  return user;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("asking for a code", () => {
  it("gets the same answer whether or not the account exists; only the existing one gets a message", async () => {
    const outboxBefore = listOutbox({ limit: 1000 }).length;
    const known = await requestCode("Nino@khma.test");
    const unknown = await requestCode("nobody@khma.test");

    expect(known.status).toBe(200);
    expect(unknown.status).toBe(known.status);
    const knownBody = (await known.json()) as ResetData;
    const unknownBody = (await unknown.json()) as ResetData;
    expect(knownBody).toEqual({ step: "complete", sentTo: "nino@khma.test", result: unknownBody.result });
    expect(unknownBody).toEqual({ step: "complete", sentTo: "nobody@khma.test", result: knownBody.result });
    expect([...known.headers.keys()].sort()).toEqual([...unknown.headers.keys()].sort());

    expect(listOutbox({ limit: 1000 }).length).toBe(outboxBefore + 1);
    expect(outboxFor("nobody@khma.test")).toEqual([]);
    const [message] = outboxFor("nino@khma.test");
    expect(message).toMatchObject({ channel: "email", status: "queued" });
    expect(message!.body).toMatch(/(?<!\d)\d{6}(?!\d)/);
  });

  it("for a mobile number sends the code by SMS to the normalised number", async () => {
    const response = await requestCode("555 00 01 01");
    expect(response.status).toBe(200);
    expect(((await response.json()) as ResetData).sentTo).toBe("+995555000101");
    const [message] = outboxFor("+995555000101");
    expect(message).toMatchObject({ channel: "sms" });
    expect(message!.body).toMatch(/(?<!\d)\d{6}(?!\d)/);
  });

  it("is refused with 400 for an identifier that is neither email nor mobile number, and nothing is sent", async () => {
    const before = listOutbox({ limit: 1000 }).length;
    const response = await requestCode("' OR 1=1 --");
    expect(response.status).toBe(400);
    const body = (await response.json()) as ResetData;
    expect(body.step).toBe("request");
    expect(body.result.error?.identifier).toEqual(["identifier"]);
    expect(listOutbox({ limit: 1000 }).length).toBe(before);
  });

  it("is limited to 3 per account per hour (429 with Retry-After), from any address", async () => {
    await makeResident("limited@example.ge", "limited-password-1");
    for (let i = 0; i < 3; i++) expect((await requestCode("limited@example.ge")).status).toBe(200);
    const refused = await requestCode("LIMITED@example.ge");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(outboxFor("limited@example.ge")).toHaveLength(3);
  });
});

describe("setting a new password with the code", () => {
  it("changes the password, signs out every session, and the code works once", async () => {
    const email = "irina@khma.test";
    const oldPassword = "rustavi-resident-2030";
    const signedInBefore = await login(email, oldPassword);
    expect(signedInBefore.status).toBe(302);
    const oldCookie = cookieFrom(signedInBefore);
    expect((await getUser(getRequest("/me", { Cookie: oldCookie })))?.email).toBe(email);

    await requestCode(email);
    const code = latestCode(email);
    const done = await complete(email, code, "brand-new-password-1");
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/login?reset=1");

    expect((await login(email, oldPassword)).status).toBe(401);
    const withNew = await login(email, "brand-new-password-1");
    expect(withNew.status).toBe(302);
    expect(await getUser(getRequest("/me", { Cookie: oldCookie }))).toBeNull();

    const again = await complete(email, code, "another-password-2");
    expect(again.status).toBe(400);
    const body = (await again.json()) as ResetData;
    expect(body.result.error?.code).toEqual(["invalidCode"]);
    expect((await login(email, "another-password-2")).status).toBe(401);
    expect((await login(email, "brand-new-password-1")).status).toBe(302);
  });

  it("accepts the code typed with spaces", async () => {
    await makeResident("spaces@example.ge", "spaces-password-1");
    await requestCode("spaces@example.ge");
    const code = latestCode("spaces@example.ge");
    const response = await complete("spaces@example.ge", `${code.slice(0, 3)} ${code.slice(3)}`, "spaces-password-2");
    expect(response.status).toBe(302);
  });

  it("voids the code after 5 wrong guesses, even when the right one comes 6th", async () => {
    await makeResident("guesser@example.ge", "guesser-password-1");
    await requestCode("guesser@example.ge");
    const code = latestCode("guesser@example.ge");
    for (let i = 1; i <= 5; i++) {
      const wrong = await complete("guesser@example.ge", otherThan(code, i), "guessed-password-1");
      expect(wrong.status, `guess ${i}`).toBe(400);
      expect(((await wrong.json()) as ResetData).result.error?.code).toEqual(["invalidCode"]);
    }
    const right = await complete("guesser@example.ge", code, "guessed-password-1");
    expect(right.status).toBe(400);
    expect(((await right.json()) as ResetData).result.error?.code).toEqual(["invalidCode"]);
    expect((await login("guesser@example.ge", "guessed-password-1")).status).toBe(401);
    expect((await login("guesser@example.ge", "guesser-password-1")).status).toBe(302);
  });

  it("a new request voids the previous code", async () => {
    await makeResident("twice@example.ge", "twice-password-1");
    await requestCode("twice@example.ge");
    const first = latestCode("twice@example.ge");
    await requestCode("twice@example.ge");
    const second = latestCode("twice@example.ge");
    expect(outboxFor("twice@example.ge")).toHaveLength(2);
    // One in a million: the two random codes are the same, and the test says nothing.
    if (first !== second) {
      const stale = await complete("twice@example.ge", first, "twice-password-2");
      expect(stale.status).toBe(400);
      expect(((await stale.json()) as ResetData).result.error?.code).toEqual(["invalidCode"]);
    }
    expect((await complete("twice@example.ge", second, "twice-password-3")).status).toBe(302);
    expect((await login("twice@example.ge", "twice-password-3")).status).toBe(302);
  });

  it("a code stops working after 15 minutes", async () => {
    await makeResident("late@example.ge", "late-password-1");
    await requestCode("late@example.ge");
    const code = latestCode("late@example.ge");
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 15 * 60 * 1000 + 1000);
    const response = await complete("late@example.ge", code, "late-password-2");
    vi.useRealTimers();
    expect(response.status).toBe(400);
    expect(((await response.json()) as ResetData).result.error?.code).toEqual(["invalidCode"]);
  });

  it("a code of one account does not work for another", async () => {
    await makeResident("owner@example.ge", "owner-password-1");
    await makeResident("victim@example.ge", "victim-password-1");
    await requestCode("owner@example.ge");
    const code = latestCode("owner@example.ge");
    const response = await complete("victim@example.ge", code, "stolen-password-1");
    expect(response.status).toBe(400);
    expect((await login("victim@example.ge", "victim-password-1")).status).toBe(302);
  });

  it("an unknown account gets the same 'invalidCode' as a wrong code, and never echoes code or password", async () => {
    await makeResident("echo@example.ge", "echo-password-1");
    await requestCode("echo@example.ge");
    const code = latestCode("echo@example.ge");
    const wrong = await complete("echo@example.ge", otherThan(code), "echo-password-2");
    const unknown = await complete("nobody@example.ge", "123456", "echo-password-2");
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    const wrongBody = (await wrong.json()) as ResetData;
    const unknownBody = (await unknown.json()) as ResetData;
    expect(wrongBody.result.error).toEqual({ code: ["invalidCode"] });
    expect(unknownBody.result.error).toEqual({ code: ["invalidCode"] });
    for (const body of [wrongBody, unknownBody]) {
      expect(body.result.initialValue).not.toHaveProperty("password");
      expect(body.result.initialValue).not.toHaveProperty("code");
      expect(JSON.stringify(body)).not.toContain("echo-password-2");
    }
  });

  it.each([
    ["a code of five digits", "12345", "resetCode"],
    ["a code with letters", "12a456", "resetCode"],
    ["an empty code", "", "required"],
  ])("%s is refused with 400 before anything is checked", async (_, code, errorCode) => {
    const user = findUserForLogin({ kind: "email", value: "admin@khma.test" })!;
    const response = await complete("admin@khma.test", code, "whatever-password-1");
    expect(response.status).toBe(400);
    const body = (await response.json()) as ResetData;
    expect(body.step).toBe("complete");
    expect(body.result.error?.code).toEqual([errorCode]);
    expect(findUserForLogin({ kind: "email", value: "admin@khma.test" })?.passwordHash).toBe(user.passwordHash);
  });

  it("a new password that is too short is refused, and the code still works afterwards", async () => {
    await makeResident("short@example.ge", "short-password-1");
    await requestCode("short@example.ge");
    const code = latestCode("short@example.ge");
    const short = await complete("short@example.ge", code, "short");
    expect(short.status).toBe(400);
    expect(((await short.json()) as ResetData).result.error?.password).toEqual(["passwordTooShort:8"]);
    expect((await complete("short@example.ge", code, "long-enough-password")).status).toBe(302);
  });
});
