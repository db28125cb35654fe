// /me/privacy, /me/privacy/data and /me/privacy.json: a resident sees and downloads their data,
// withdraws a consent, and deletes the account with their password.
import type { ComponentType } from "react";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createIdea } from "~/models/ideas.server";
import { PRIVACY_NOTICE_VERSION } from "~/models/consents.server";
import { getMunicipality, listDistricts, listGoals } from "~/models/municipality.server";
import { listConsents } from "~/models/privacy.server";
import { createUser } from "~/models/users.server";
import { getDb } from "~/utils/db.server";
import { INTL_LOCALE, LANGUAGES } from "~/utils/i18n";
import { hashPassword } from "~/utils/password.server";
import { signedInDemo } from "../../test/accounts";
import { renderHtml, renderPage } from "../../test/render";
import { call, formRequest, getRequest, sessionCookieFor } from "../../test/requests";
import Privacy, { loader as privacyLoader } from "./privacy";
import MyPrivacy, { action, loader } from "./me_.privacy";
import { loader as jsonLoader } from "./me_.privacy[.]json";
import MyData, { loader as dataLoader } from "./me_.privacy_.data";

const PASSWORD = "a long enough password 42";
let hash = "";
let people = 0;

async function resident(name: string): Promise<{ id: number; cookie: string; email: string }> {
  people += 1;
  const email = `me-privacy${people}@example.test`;
  const user = createUser({ displayName: name, identifier: { kind: "email", value: email }, passwordHash: hash, consent: { kind: "privacy-notice", version: "2026-11-25" } })!;
  return { id: user.id, cookie: await sessionCookieFor(user.id), email };
}

const get = (path: string, cookie?: string) => getRequest(path, cookie ? { Cookie: cookie } : {});
const post = (path: string, fields: Record<string, string>, cookie?: string) => formRequest(path, fields, cookie ? { headers: { Cookie: cookie } } : {});

beforeAll(async () => {
  hash = await hashPassword(PASSWORD);
});

describe("who may see it", () => {
  it("anonymous visitors are sent to sign in, from the page, the data page and the download", async () => {
    for (const [fn, path] of [
      [loader, "/me/privacy"],
      [dataLoader, "/me/privacy/data"],
      [jsonLoader, "/me/privacy.json"],
    ] as const) {
      const response = await call(fn, get(path));
      expect(response.status, path).toBe(302);
      expect(response.headers.get("Location"), path).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
    }
    expect((await call(action, post("/me/privacy", { intent: "withdraw", consent: "1" }))).status).toBe(302);
  });
});

describe("my data", () => {
  it("the download is a JSON file of my own data, never cached; the page reads the same in every language", async () => {
    const me = await resident("Ketevan Mydata");
    const other = await resident("Another Person");
    const [district] = listDistricts();
    const [goal] = listGoals();
    createIdea({ authorId: me.id, title: "ბავშვთა მოედანი", description: "ბავშვთა მოედანი: აღწერა, საკმაოდ გრძელი.", goalId: goal!.id, districtId: district!.id, moderation: "post" });
    const response = await call(jsonLoader, get("/me/privacy.json", me.cookie));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="khma-my-data-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const text = await response.text();
    const data = JSON.parse(text) as { account: { email: string; displayName: string }; ideas: Array<{ title: string }>; consents: unknown[] };
    expect(data.account).toMatchObject({ email: me.email, displayName: "Ketevan Mydata" });
    expect(data.ideas.map((i) => i.title)).toEqual(["ბავშვთა მოედანი"]);
    expect(data.consents).toHaveLength(1);
    expect(text).not.toContain(other.email);
    expect(text).not.toContain("password");

    const page = (await (await call(dataLoader, get("/me/privacy/data?lng=en", me.cookie))).json()) as unknown;
    const en = await renderPage(MyData as ComponentType, page, "/me/privacy/data", "en");
    expect(en).toContain("Ketevan Mydata");
    expect(en).toContain("ბავშვთა მოედანი");
    for (const language of LANGUAGES) {
      const data = (await (await call(dataLoader, get(`/me/privacy/data?lng=${language}`, me.cookie))).json()) as unknown;
      const text = await renderPage(MyData as ComponentType, data, "/me/privacy/data", language);
      expect(text, language).not.toMatch(/myPrivacy\.|sections\./);
      const settings = (await (await call(loader, get(`/me/privacy?lng=${language}`, me.cookie))).json()) as unknown;
      const page = await renderPage(MyPrivacy as ComponentType, settings, "/me/privacy", language);
      expect(page, language).not.toMatch(/myPrivacy\.|consentKinds\./);
    }
  });
});

describe("my data in my language", () => {
  it("names the city's districts in the reader's language, in the download and on the page", async () => {
    const me = await resident("Rusudan Language");
    const [, district] = listDistricts();
    getDb().run(sql`update users set district_id = ${district!.id} where id = ${me.id}`);
    for (const language of LANGUAGES) {
      const response = await call(jsonLoader, get(`/me/privacy.json?lng=${language}`, me.cookie));
      const data = JSON.parse(await response.text()) as { account: { district: string } };
      expect(data.account.district, language).toBe(district!.name[language] ?? district!.name.ka);
    }
    const page = (await (await call(dataLoader, get("/me/privacy/data?lng=en", me.cookie))).json()) as unknown;
    const en = await renderPage(MyData as ComponentType, page, "/me/privacy/data", "en");
    expect(en).toContain(district!.name.en);
    expect(district!.name.en).not.toBe(district!.name.ka);
  });
});

describe("consents", () => {
  it("a resident withdraws their own consent; another's is a 404 and a malformed request a 400, changing nothing", async () => {
    const me = await resident("Consent Withdrawer");
    const other = await resident("Consent Keeper");
    const [mine] = listConsents(me.id);
    const [theirs] = listConsents(other.id);
    expect((await call(action, post("/me/privacy", { intent: "withdraw", consent: String(theirs!.id) }, me.cookie))).status).toBe(404);
    const malformed: Array<Record<string, string>> = [{ intent: "withdraw", consent: "abc" }, { intent: "withdraw" }, { intent: "shout", consent: String(mine!.id) }, {}];
    for (const fields of malformed) {
      expect((await call(action, post("/me/privacy", fields, me.cookie))).status, JSON.stringify(fields)).toBe(400);
    }
    expect(listConsents(other.id)[0]!.withdrawnAt).toBeNull();
    expect(listConsents(me.id)[0]!.withdrawnAt).toBeNull();
    const done = await call(action, post("/me/privacy", { intent: "withdraw", consent: String(mine!.id) }, me.cookie));
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/me/privacy?withdrawn=1");
    expect(listConsents(me.id)[0]!.withdrawnAt).toEqual(expect.any(Number));
    const page = (await (await call(loader, get("/me/privacy?withdrawn=1&lng=en", me.cookie))).json()) as { withdrawn: boolean; consents: Array<{ withdrawn: string | null }> };
    expect(page.withdrawn).toBe(true);
    expect(page.consents[0]!.withdrawn).toEqual(expect.any(String));
  });
});

describe("deleting the account", () => {
  it("needs the box ticked and the right password, says which is wrong in the reader's language, and keeps the other choice", async () => {
    const me = await resident("Not Yet Deleted");
    const wrong = await call(action, post("/me/privacy?lng=en", { intent: "delete", password: "not it", remove: "on" }, me.cookie));
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ errors: { confirm: "Tick this box to confirm.", password: "The password is not right." }, remove: true });
    const ka = await call(action, post("/me/privacy?lng=ka", { intent: "delete", password: "", confirm: "on" }, me.cookie));
    expect(((await ka.json()) as { errors: Record<string, string> }).errors).toEqual({ password: "პაროლი არასწორია." });
    expect(getDb().get<{ d: number | null }>(sql`select deleted_at as d from users where id = ${me.id}`)!.d).toBeNull();
  });

  it("deletes the account, signs the person out and shows the privacy notice with a word of thanks", async () => {
    const me = await resident("Soon Deleted");
    const response = await call(action, post("/me/privacy", { intent: "delete", password: PASSWORD, confirm: "on" }, me.cookie));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/privacy?deleted=1");
    expect(response.headers.get("Set-Cookie")).toMatch(/khma_session=;.*Max-Age=0/);
    const row = getDb().get<{ email: string; name: string; deleted: number | null }>(sql`select email, display_name as name, deleted_at as deleted from users where id = ${me.id}`)!;
    expect(row).toEqual({ email: `deleted-${me.id}@deleted.invalid`, name: "", deleted: expect.any(Number) });
    // The old cookie no longer signs anyone in.
    expect((await call(loader, get("/me/privacy", me.cookie))).status).toBe(302);
    expect(((await (await call(privacyLoader, get("/privacy?deleted=1"))).json()) as { deleted: boolean }).deleted).toBe(true);
  });

  it("staff cannot delete their account here", async () => {
    const { cookies, ids } = await signedInDemo();
    const response = await call(action, post("/me/privacy", { intent: "delete", password: "whatever", confirm: "on" }, cookies.moderator));
    expect(response.status).toBe(403);
    expect(getDb().get<{ d: number | null }>(sql`select deleted_at as d from users where id = ${ids.moderator}`)!.d).toBeNull();
    const page = (await (await call(loader, get("/me/privacy", cookies.moderator))).json()) as { staff: boolean };
    expect(page.staff).toBe(true);
  });
});

describe("the privacy notice", () => {
  const days = (language: (typeof LANGUAGES)[number], n: number, unit = "day") => new Intl.NumberFormat(INTL_LOCALE[language], { style: "unit", unit, unitDisplay: "long" }).format(n);

  it("is written from the municipality's settings, in every language, with no key left untranslated", async () => {
    const seeded = getMunicipality().settings;
    const settings = {
      ...seeded,
      dataProtectionOfficer: "privacy-officer@rustavi.example.ge",
      retention: { inactiveUnverifiedDays: 365, outboxDays: 45, expiredSessionsDays: 3, rateLimitHours: 12 },
    };
    getDb().run(sql`update municipality set settings = ${JSON.stringify(settings)}`);
    try {
      for (const language of LANGUAGES) {
        const data = (await (await call(privacyLoader, get(`/privacy?lng=${language}`))).json()) as unknown;
        const text = await renderPage(Privacy as ComponentType, data, "/privacy", language);
        expect(text, language).not.toMatch(/privacy\.|myPrivacy\.|nav\.|\{\{/);
        expect(text, language).toContain("privacy-officer@rustavi.example.ge");
        expect(text, language).toContain(seeded.hubName[language]);
        expect(text, language).toContain(seeded.address[language]);
        expect(text, language).toContain(seeded.contactEmail);
        for (const period of [days(language, 365), days(language, 45), days(language, 3), days(language, 30), days(language, 12, "hour")]) {
          expect(text, `${language}: ${period}`).toContain(period);
        }
        expect(text, language).toContain(PRIVACY_NOTICE_VERSION);
      }
    } finally {
      getDb().run(sql`update municipality set settings = ${JSON.stringify(seeded)}`);
    }
  });

  it("says the seed's periods, keeps its headings in order, and links a signed-in reader to their own page", async () => {
    const anonymous = (await (await call(privacyLoader, get("/privacy?lng=en"))).json()) as unknown;
    const text = await renderPage(Privacy as ComponentType, anonymous, "/privacy", "en");
    expect(text).toContain("for 730 days");
    expect(text).toContain("kept for 90 days");
    expect(text).toContain("A sign-in lasts 30 days. It is deleted as soon as it expires or you sign out.");
    expect(text).toContain("deleted 24 hours after their time limit ends");
    expect(text).toContain("dpo@rustavi.example.ge");
    const html = await renderHtml(Privacy as ComponentType, anonymous, "/privacy", "en");
    expect([...html.matchAll(/<h(\d)/g)].map((m) => Number(m[1]))).toEqual([1, 2, 2, 2, 2, 2]);
    expect(html).toContain('href="/login?redirectTo=%2Fme%2Fprivacy"');
    expect(html).not.toContain('href="/me/privacy"');

    const me = await resident("Notice Reader");
    const signedIn = (await (await call(privacyLoader, get("/privacy?lng=en", me.cookie))).json()) as unknown;
    const mine = await renderHtml(Privacy as ComponentType, signedIn, "/privacy", "en");
    expect(mine).toContain('href="/me/privacy"');
    expect(mine).not.toContain("/login?redirectTo");
  });
});
