// What every response promises, checked over HTTP against the running server.
import { expect, test } from "./utils";

test("every page carries the security headers, with a fresh script nonce each time", async ({ request }) => {
  const first = await request.get("/");
  const second = await request.get("/login");
  for (const response of [first, second]) {
    const headers = response.headers();
    expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"]).not.toContain("unsafe-inline");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  }
  const nonce = (h: string) => /'nonce-([^']+)'/.exec(h)?.[1];
  expect(nonce(first.headers()["content-security-policy"]!)).not.toBe(nonce(second.headers()["content-security-policy"]!));
  // Every inline script of the page carries the nonce of its own response. (The page's
  // translations are a JSON data block, which a browser never runs: no nonce needed.)
  const html = await first.text();
  const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!).filter((attrs) => !attrs.includes('type="application/json"'));
  expect(scripts.length).toBeGreaterThan(0);
  for (const attrs of scripts) expect(attrs).toContain(`nonce="${nonce(first.headers()["content-security-policy"]!)}"`);
});

test("static files are served with the headers too, and fingerprinted assets are cached for a year", async ({ request }) => {
  const html = await (await request.get("/")).text();
  // The stylesheet is written into the page; the scripts are files.
  expect(html).toMatch(/<style id="khma-styles" nonce="[^"]+">/);
  const script = /href="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  expect(script).toBeTruthy();
  const asset = await request.get(script!);
  expect(asset.status()).toBe(200);
  expect(asset.headers()["cache-control"]).toContain("immutable");
  expect(asset.headers()["x-content-type-options"]).toBe("nosniff");
  const manifest = await request.get("/manifest.webmanifest?lng=az");
  expect(manifest.headers()["content-type"]).toContain("application/manifest+json");
  expect((await manifest.json()).lang).toBe("az");
});

test("a form posted from another site is refused before it reaches the app", async ({ request }) => {
  const form = { identifier: "nino@khma.test", password: "rustavi-resident-2030" };
  const foreign = await request.post("/login", { form, headers: { Origin: "https://evil.example" }, maxRedirects: 0 });
  expect(foreign.status()).toBe(403);
  expect(await foreign.text()).toContain("Request refused");
  expect(foreign.headers()["set-cookie"]).toBeUndefined();

  const bare = await request.post("/login", { form, headers: { Origin: "" }, maxRedirects: 0 });
  expect(bare.status()).toBe(403);

  const own = await request.post("/login", { form, headers: { Origin: new URL("/", test.info().project.use.baseURL).origin }, maxRedirects: 0 });
  expect(own.status()).toBe(302);
  expect(own.headers()["set-cookie"]).toMatch(/khma_session=.*HttpOnly.*SameSite=Lax/i);
  expect(own.headers()["set-cookie"]).toMatch(/Secure/);
});

test("the health check answers with a database round trip", async ({ request }) => {
  const health = await request.get("/healthz");
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: "ok" });
});
