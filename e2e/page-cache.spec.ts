// Anonymous public pages are kept in memory and revalidated by ETag (decision 015): what an
// anonymous visitor sees must still change the moment a resident acts, and a signed-in resident
// must never be handed the kept page.
import { DEMO, expect, newVisitor, readDatabase, signInWithoutForm, test } from "./utils";

test("a kept idea page is revalidated by its ETag and renewed as soon as a resident supports the idea", async ({ browser, playwright, baseURL }) => {
  const idea = readDatabase(
    (db) =>
      db
        .prepare(
          `select i.id, i.supports_count as supports from ideas i where i.listed = 1 and i.hidden = 0 and i.status = 'published'
           and i.author_id <> (select id from users where email = ?)
           and not exists (select 1 from supports s where s.idea_id = i.id and s.user_id = (select id from users where email = ?))
           order by i.id limit 1`,
        )
        .get(DEMO.admin.email, DEMO.admin.email) as { id: number; supports: number },
  );
  const path = `/ideas/${idea.id}`;
  // An anonymous visitor (no cookie at all) who reads English: the browser says so in Accept-Language.
  const anonymous = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { "Accept-Language": "en" } });
  const first = await anonymous.get(path);
  expect(first.status()).toBe(200);
  expect(await first.text()).toContain(`Supports: ${idea.supports}`);
  const etag = first.headers().etag;
  expect(etag).toMatch(/^"[\w-]+"$/);
  expect(first.headers()["cache-control"]).toBe("public, no-cache");
  expect(first.headers().vary).toContain("Cookie");

  const again = await anonymous.get(path, { headers: { "If-None-Match": etag! } });
  expect(again.status()).toBe(304);

  // A resident supports the idea in a browser.
  const resident = await newVisitor(browser, { locale: "en-GB" });
  await signInWithoutForm(resident.context(), DEMO.admin.email, baseURL!);
  await resident.goto(`${path}?lng=en`);
  await resident.getByRole("button", { name: "Support this idea" }).click();
  await expect(resident.getByText("You support this idea.")).toBeVisible();
  // The signed-in page is the resident's own: not the kept one, not cacheable by others.
  const own = await resident.request.get(path);
  expect(own.headers().etag).toBeUndefined();
  expect(await own.text()).toContain(">Withdraw my support<");

  const renewed = await anonymous.get(path, { headers: { "If-None-Match": etag! } });
  expect(renewed.status()).toBe(200);
  expect(renewed.headers().etag).not.toBe(etag);
  const html = await renewed.text();
  expect(html).toContain(`Supports: ${idea.supports + 1}`);
  expect(html).toContain(">Sign in to support and comment<");
  expect(html).not.toContain(">Withdraw my support<");

  await resident.getByRole("button", { name: "Withdraw my support" }).click();
  await expect(resident.getByRole("button", { name: "Support this idea" })).toBeVisible();
  expect(await (await anonymous.get(path)).text()).toContain(`Supports: ${idea.supports}`);
  await anonymous.dispose();
  await resident.context().close();
});

test("a kept page's script nonce is the one its Content-Security-Policy allows", async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  for (let i = 0; i < 3; i++) {
    const response = await anonymous.get("/rounds");
    const nonce = /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"] ?? "")?.[1];
    expect(nonce).toBeTruthy();
    const scripts = [...(await response.text()).matchAll(/<script([^>]*)>/g)].map((m) => m[1]!).filter((attrs) => !attrs.includes('type="application/json"'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const attrs of scripts) expect(attrs).toContain(`nonce="${nonce}"`);
  }
  await anonymous.dispose();
});
