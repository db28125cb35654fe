// Verified residents: a moderator verifies an account in person at /hub/verify; staff make a batch
// of one-time codes; a resident enters one at /me/verify; a code works once; a verified resident
// can then vote in a round for verified residents.
import type { ComponentType } from "react";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { voterRefusal } from "~/domain/rounds";
import { getUserById, createUser } from "~/models/users.server";
import { normalizeCode, redeemCode } from "~/models/verification.server";
import { getDb } from "~/utils/db.server";
import { LANGUAGES } from "~/utils/i18n";
import { signedInDemo, type DemoName } from "../../test/accounts";
import { renderPage } from "../../test/render";
import { call, context, formRequest, getRequest, sessionCookieFor } from "../../test/requests";
import HubVerify, { action as hubAction, loader as hubLoader } from "./hub.verify";
import Verify, { action as meAction, loader as meLoader } from "./me_.verify";

let cookies: Record<DemoName, string>;
let ids: Record<DemoName, number>;
let people = 0;

async function resident(): Promise<{ id: number; cookie: string; email: string }> {
  people += 1;
  const email = `verify${people}@example.test`;
  const user = createUser({ displayName: `Verify Person ${people}`, identifier: { kind: "email", value: email }, passwordHash: "x" })!;
  return { id: user.id, cookie: await sessionCookieFor(user.id), email };
}

const get = (path: string, cookie?: string) => getRequest(path, cookie ? { Cookie: cookie } : {});
const post = (path: string, fields: Record<string, string>, cookie?: string) => formRequest(path, fields, cookie ? { headers: { Cookie: cookie } } : {});
const verifiedAt = (id: number) => getDb().get<{ v: number | null }>(sql`select verified_at as v from users where id = ${id}`)!.v;
const audits = (action: string) => getDb().all<{ actor: number | null; target: string; details: string }>(sql`select actor_id as actor, target_id as target, details from audit_log where action = ${action} order by id`);

/** A batch of codes made through the hub, read back from the CSV it downloads. */
async function makeCodes(count: number, batch: string): Promise<string[]> {
  const response = await call(hubAction, post("/hub/verify?lng=en", { intent: "codes", count: String(count), batch }, cookies.moderator));
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  expect(response.headers.get("Cache-Control")).toBe("no-store");
  const lines = (await response.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(lines[0]).toBe("Code,Batch");
  return lines.slice(1).map((l) => l.split(",")[0]!);
}

beforeAll(async () => {
  ({ cookies, ids } = await signedInDemo());
});

describe("who may use the desk and the code page", () => {
  it("the hub desk is for staff: anonymous visitors sign in, residents get 403; /me/verify needs an account", async () => {
    expect((await call(hubLoader, get("/hub/verify"))).status).toBe(302);
    expect((await call(hubLoader, get("/hub/verify", cookies.nino))).status).toBe(403);
    expect((await call(hubAction, post("/hub/verify", { intent: "codes", count: "5", batch: "Not allowed" }, cookies.nino))).status).toBe(403);
    expect((await call(hubLoader, get("/hub/verify", cookies.moderator))).status).toBe(200);
    expect((await call(meLoader, get("/me/verify"))).status).toBe(302);
    expect((await call(meAction, post("/me/verify", { code: "AAAA-BBBB-CCCC" }))).status).toBe(302);
  });
});

describe("in person", () => {
  it("a moderator finds the account by email or phone, must confirm having seen a document, and the audit log says who and when; nothing else is kept", async () => {
    const person = await resident();
    const found = (await (await call(hubLoader, get(`/hub/verify?lng=en&who=${encodeURIComponent(person.email.replace("verify", "VERIFY"))}`, cookies.moderator))).json()) as { found: { id: number; verifiedOn: string | null } | null };
    expect(found.found).toMatchObject({ id: person.id, verifiedOn: null });
    const staffNotFound = (await (await call(hubLoader, get(`/hub/verify?who=${encodeURIComponent("moderator@khma.test")}`, cookies.moderator))).json()) as { found: unknown };
    expect(staffNotFound.found).toBeNull();
    // Elvin signed up with a phone number; typed with spaces, it is found.
    const byPhone = (await (await call(hubLoader, get(`/hub/verify?who=${encodeURIComponent("+995 555 000 101")}`, cookies.moderator))).json()) as { found: { id: number } | null };
    expect(byPhone.found?.id).toBe(ids.elvin);

    const unconfirmed = await call(hubAction, post("/hub/verify?lng=en", { intent: "verify", user: String(person.id) }, cookies.moderator));
    expect(unconfirmed.status).toBe(400);
    expect(((await unconfirmed.json()) as { errors: Record<string, string> }).errors).toEqual({ seen: "Confirm that you have seen an identity document." });
    expect(verifiedAt(person.id)).toBeNull();

    const done = await call(hubAction, post("/hub/verify?lng=en", { intent: "verify", user: String(person.id), seen: "on", personalNumber: "01001012345" }, cookies.moderator));
    expect(done.status).toBe(200);
    expect(((await done.json()) as { done: string }).done).toBe("The account is verified.");
    expect(verifiedAt(person.id)).toEqual(expect.any(Number));
    expect(audits("user.verified").at(-1)).toEqual({ actor: ids.moderator, target: String(person.id), details: JSON.stringify({ method: "in-person" }) });
    // No personal number anywhere in the database, whatever the form sent.
    const dump = JSON.stringify(getDb().all(sql`select * from users where id = ${person.id}`)) + JSON.stringify(getDb().all(sql`select * from audit_log`));
    expect(dump).not.toContain("01001012345");

    expect((await call(hubAction, post("/hub/verify", { intent: "unverify", user: String(person.id) }, cookies.admin))).status).toBe(200);
    expect(verifiedAt(person.id)).toBeNull();
    expect(audits("user.unverified").at(-1)).toMatchObject({ actor: ids.admin, target: String(person.id) });
    // Unknown accounts and staff accounts are a 404; malformed requests a 400.
    expect((await call(hubAction, post("/hub/verify", { intent: "verify", user: "999999999", seen: "on" }, cookies.moderator))).status).toBe(404);
    expect((await call(hubAction, post("/hub/verify", { intent: "verify", user: String(ids.admin), seen: "on" }, cookies.moderator))).status).toBe(404);
    for (const fields of [{ intent: "verify", user: "abc" }, { intent: "shout" }, {}] as Array<Record<string, string>>) {
      expect((await call(hubAction, post("/hub/verify", fields, cookies.moderator))).status, JSON.stringify(fields)).toBe(400);
    }
  });
});

describe("codes by letter or SMS", () => {
  it("staff make a batch: the plain codes exist only in the download; the hub lists the batch with what is used", async () => {
    const codes = await makeCodes(25, "Old Rustavi letters, March 2027");
    expect(codes).toHaveLength(25);
    expect(new Set(codes).size).toBe(25);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const stored = JSON.stringify(getDb().all(sql`select * from verification_codes`));
    for (const code of codes) expect(stored).not.toContain(code.replace(/-/g, ""));
    const page = (await (await call(hubLoader, get("/hub/verify?lng=en", cookies.moderator))).json()) as { batches: Array<{ batch: string; codes: string; used: string }> };
    expect(page.batches).toContainEqual(expect.objectContaining({ batch: "Old Rustavi letters, March 2027", codes: "25", used: "0" }));
    expect(audits("verification.codesMade").at(-1)).toEqual({ actor: ids.moderator, target: null, details: JSON.stringify({ batch: "Old Rustavi letters, March 2027", count: 25 }) });
  });

  it("refuses a batch without a name or with a count out of range, keeping what was typed", async () => {
    const before = getDb().get<{ n: number }>(sql`select count(*) as n from verification_codes`)!.n;
    const bad = await call(hubAction, post("/hub/verify?lng=en", { intent: "codes", count: "5001", batch: "x" }, cookies.moderator));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ done: null, errors: { count: "Enter a whole number from 1 to 5,000.", batch: "Give the batch a name of 3 to 80 characters." }, values: { count: "5001", batch: "x" } });
    for (const count of ["0", "-3", "2.5", "abc", ""]) expect((await call(hubAction, post("/hub/verify", { intent: "codes", count, batch: "A batch" }, cookies.moderator))).status, count).toBe(400);
    expect(getDb().get<{ n: number }>(sql`select count(*) as n from verification_codes`)!.n).toBe(before);
  });

  it("a resident enters a code once (in any case, with or without dashes); it then works for nobody else; the resident can vote where verification is needed", async () => {
    const [code, second] = await makeCodes(2, "SMS to volunteers");
    const anna = await resident();
    const bako = await resident();
    expect(voterRefusal({ eligibility: "verified", eligibleDistricts: null }, getUserById(anna.id)!)).toBe("verifiedOnly");

    const typed = code!.toLowerCase().replace(/-/g, " ");
    const done = await call(meAction, post("/me/verify", { code: typed }, anna.cookie));
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/me/verify?done=1");
    expect(verifiedAt(anna.id)).toEqual(expect.any(Number));
    expect(voterRefusal({ eligibility: "verified", eligibleDistricts: null }, getUserById(anna.id)!)).toBeNull();
    expect(audits("user.verified").at(-1)).toEqual({ actor: anna.id, target: String(anna.id), details: JSON.stringify({ method: "code" }) });

    // The same code, for someone else: refused, in their language, with what they typed kept.
    const again = await call(meAction, post("/me/verify?lng=ka", { code: code! }, bako.cookie));
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ error: "კოდი არასწორია ან უკვე გამოყენებულია. შეამოწმეთ და სცადეთ ხელახლა, ან მობრძანდით ჰაბში.", code: code! });
    expect(verifiedAt(bako.id)).toBeNull();
    // A verified resident's second code is left for someone else.
    expect(redeemCode(anna.id, second!)).toBe("already");
    expect((await call(meAction, post("/me/verify", { code: second! }, anna.cookie))).headers.get("Location")).toBe("/me/verify");
    // A staff account cannot use a code.
    expect(redeemCode(ids.moderator, second!)).toBe("invalid");
    expect((await call(meAction, post("/me/verify", { code: second! }, bako.cookie))).status).toBe(302);
    expect(verifiedAt(bako.id)).toEqual(expect.any(Number));
    const page = (await (await call(meLoader, get("/me/verify?lng=en", bako.cookie))).json()) as { verifiedOn: string | null };
    expect(page.verifiedOn).toEqual(expect.any(String));
  });

  it("an empty or malformed code is refused; after 10 tries an hour the account must wait (429 with Retry-After)", async () => {
    const carla = await resident();
    const empty = await call(meAction, post("/me/verify?lng=en", { code: "   " }, carla.cookie));
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: string }).error).toBe("Enter the code from your letter or SMS.");
    for (let i = 0; i < 10; i++) expect((await call(meAction, post("/me/verify", { code: `WRONG-CODE-${i}` }, carla.cookie), {}, context(`198.51.100.${i}`))).status).toBe(400);
    const limited = await call(meAction, post("/me/verify?lng=en", { code: "AAAA-BBBB-CCCC" }, carla.cookie));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(verifiedAt(carla.id)).toBeNull();
  });

  it("codes are read as people type them: O is 0, I and L are 1", () => {
    expect(normalizeCode("abcd-efgh-jkmo")).toBe("ABCDEFGHJKM0");
    expect(normalizeCode(" il-01 ")).toBe("1101");
  });
});

describe("the pages", () => {
  it("read in every language without untranslated keys", async () => {
    const person = await resident();
    for (const language of LANGUAGES) {
      const me = (await (await call(meLoader, get(`/me/verify?lng=${language}`, person.cookie))).json()) as unknown;
      expect(await renderPage(Verify as ComponentType, me, "/me/verify", language), language).not.toMatch(/verify\.|\{\{/);
      const hub = (await (await call(hubLoader, get(`/hub/verify?lng=${language}&who=${encodeURIComponent(person.email)}`, cookies.moderator))).json()) as unknown;
      expect(await renderPage(HubVerify as ComponentType, hub, "/hub/verify", language), language).not.toMatch(/verify\.|\{\{/);
    }
  });
});

describe("a municipality that offers one way only", () => {
  it("without codes: no code form for residents, and code requests are refused; without the desk: no desk", async () => {
    const setWays = (ways: { inPerson: boolean; codes: boolean }) => getDb().run(sql`update municipality set settings = json_set(settings, '$.verification', json(${JSON.stringify(ways)}))`);
    const person = await resident();
    try {
      setWays({ inPerson: true, codes: false });
      const page = (await (await call(meLoader, get("/me/verify?lng=en", person.cookie))).json()) as { ways: { inPerson: boolean; codes: boolean } };
      expect(page.ways).toEqual({ inPerson: true, codes: false });
      const text = await renderPage(Verify as ComponentType, page, "/me/verify", "en");
      expect(text).not.toContain("With the code from your letter or SMS");
      expect(text).toContain("In person");
      expect((await call(meAction, post("/me/verify", { code: "AAAA-BBBB-CCCC" }, person.cookie))).status).toBe(403);
      expect((await call(hubAction, post("/hub/verify", { intent: "codes", count: "3", batch: "Not offered" }, cookies.moderator))).status).toBe(403);

      setWays({ inPerson: false, codes: true });
      expect((await call(hubAction, post("/hub/verify", { intent: "verify", user: String(person.id), seen: "on" }, cookies.moderator))).status).toBe(403);
      expect(verifiedAt(person.id)).toBeNull();
      const hub = (await (await call(hubLoader, get("/hub/verify?lng=en", cookies.moderator))).json()) as unknown;
      const desk = await renderPage(HubVerify as ComponentType, hub, "/hub/verify", "en");
      expect(desk).not.toContain("The resident's email or mobile number");
      expect(desk).toContain("Codes for letters or SMS");
    } finally {
      setWays({ inPerson: true, codes: true });
    }
  });
});
