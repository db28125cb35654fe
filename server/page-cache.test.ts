import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import compression from "compression";
import express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cacheKey, chooseEncoding, createPageCache, databaseGeneration } from "./page-cache";

// A stand-in for Khma's server: compression, a fresh CSP nonce per request, the cache, then an
// "app" that renders the nonce into its HTML and counts its renders.
let generation = 1;
let clock = 0;
let renders = 0;
let content = "first";
let extraHeaders: Record<string, string> = {};
let status = 200;
let delayMs = 0;
const cache = createPageCache({ generation: () => String(generation), ttlMs: 10_000, now: () => clock });

const app = express();
app.use(compression({ threshold: 0 }));
app.use((req, res, next) => {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.nonce = nonce;
  res.set("Content-Security-Policy", `script-src 'self' 'nonce-${nonce}'`);
  next();
});
app.use(cache.capture);
app.get("*", async (req, res) => {
  renders += 1;
  const rendered = content;
  if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
  res.status(status).set({ "Content-Type": "text/html; charset=utf-8", "Content-Language": "ka", ...extraHeaders });
  // Written in pieces, as Remix streams a page.
  res.write(`<!doctype html><html><body><p>${rendered} ${req.url}</p>`);
  res.write(`<script nonce="${res.locals.nonce as string}">window.x = 1</script>`);
  res.end("</body></html>");
});
const server = http.createServer((req, res) => {
  if (!cache.serve(req, res)) app(req, res);
});
let base = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  generation += 1;
  content = `page ${generation}`;
  extraHeaders = {};
  status = 200;
  delayMs = 0;
});

function get(path: string, headers: Record<string, string> = {}, method = "GET") {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; raw: Buffer; text: string }>((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        const encoding = res.headers["content-encoding"];
        const text = (encoding === "br" ? zlib.brotliDecompressSync(raw) : encoding === "gzip" ? zlib.gunzipSync(raw) : raw).toString();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, text });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

const nonceIn = (csp: string | string[] | undefined) => /'nonce-([^']+)'/.exec(String(csp))?.[1];

describe("the page cache", () => {
  it("renders an anonymous public page once, then sends the kept copy with the same nonce in header and HTML", async () => {
    const before = renders;
    const first = await get("/ideas?page=2", { "accept-encoding": "br" });
    const second = await get("/ideas?page=2", { "accept-encoding": "br" });
    expect(renders - before).toBe(1);
    expect(second.text).toBe(first.text);
    expect(second.text).toContain(`page ${generation} /ideas?page=2`);
    expect(second.headers["content-encoding"]).toBe("br");
    expect(second.headers["content-language"]).toBe("ka");
    const nonce = nonceIn(second.headers["content-security-policy"]);
    expect(nonce).toBeTruthy();
    expect(second.text).toContain(`<script nonce="${nonce}">`);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.headers["cache-control"]).toBe("public, no-cache");
    expect(second.headers.vary).toContain("Cookie");
  });

  it("sends the same page in brotli, gzip or as it is, each with a right length", async () => {
    const plain = await get("/rounds/7", { "accept-encoding": "identity" });
    const br = await get("/rounds/7", { "accept-encoding": "gzip, deflate, br" });
    const gzip = await get("/rounds/7", { "accept-encoding": "gzip, br;q=0" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(br.headers["content-encoding"]).toBe("br");
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    for (const r of [plain, br, gzip]) {
      expect(r.text).toBe(plain.text);
      expect(Number(r.headers["content-length"])).toBe(r.raw.length);
    }
  });

  it("answers 304 to a browser that holds the current copy, and 200 once the page changed", async () => {
    const first = await get("/results");
    const etag = String(first.headers.etag);
    const again = await get("/results", { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.raw.length).toBe(0);
    generation += 1;
    content = "changed";
    const changed = await get("/results", { "if-none-match": etag });
    expect(changed.status).toBe(200);
    expect(changed.text).toContain("changed");
    expect(changed.headers.etag).not.toBe(etag);
  });

  it("renders again after any change to the database, and keeps the old copy and ETag when the page came out the same", async () => {
    const before = renders;
    const first = await get("/plan");
    generation += 1;
    const second = await get("/plan", { "if-none-match": String(first.headers.etag) });
    expect(renders - before).toBe(2);
    expect(second.status).toBe(304);
    const third = await get("/plan");
    expect(renders - before).toBe(2);
    expect(third.text).toBe(first.text);
  });

  it("while a stale page is rendered again, answers other requests with the kept copy instead of rendering it once each", async () => {
    await get("/surveys/5");
    const before = renders;
    generation += 1;
    content = "after the write";
    delayMs = 100;
    const rendering = get("/surveys/5");
    await new Promise((resolve) => setTimeout(resolve, 30));
    const meanwhile = await Promise.all([get("/surveys/5"), get("/surveys/5")]);
    for (const r of meanwhile) expect(r.text).not.toContain("after the write");
    expect((await rendering).text).toContain("after the write");
    expect(renders - before).toBe(1);
    // Rendered: from now on everyone gets the new page, and nothing renders again.
    expect((await get("/surveys/5")).text).toContain("after the write");
    expect(renders - before).toBe(1);
    expect(cache.stats().whileRendering).toBeGreaterThanOrEqual(2);
  });

  it("renders again when a kept page is older than its time to live", async () => {
    const before = renders;
    await get("/rounds");
    clock += 9_000;
    await get("/rounds");
    expect(renders - before).toBe(1);
    clock += 2_000;
    await get("/rounds");
    expect(renders - before).toBe(2);
  });

  it("keeps pages apart by language cookie and Accept-Language", async () => {
    const before = renders;
    await get("/surveys", { "accept-language": "ru" });
    await get("/surveys", { "accept-language": "en" });
    await get("/surveys", { cookie: "lng=ImVuIg%3D%3D" });
    await get("/surveys", { cookie: "lng=ImVuIg%3D%3D" });
    expect(renders - before).toBe(3);
  });

  it.each([
    ["a signed-in resident", "/ideas", { cookie: "khma_session=abc" }],
    ["any other cookie", "/ideas", { cookie: "lng=ImVuIg%3D%3D; survey=1" }],
    ["a language chosen in the link (it sets a cookie)", "/ideas?lng=en", {}],
    ["a page that is not public", "/hub", {}],
    ["an account page", "/me/privacy", {}],
    ["a path that only looks like a public one", "/ideas/1/../../hub", {}],
  ])("never keeps nor serves a kept page for %s", async (_, path, headers) => {
    const before = renders;
    await get(path, headers);
    await get(path, headers);
    expect(renders - before).toBe(2);
  });

  it("does not keep an answer that sets a cookie, is private, or is not a 200", async () => {
    for (const [headers, code] of [[{ "Set-Cookie": "a=1" }, 200], [{ "Cache-Control": "private, no-store" }, 200], [{}, 404]] as const) {
      generation += 1;
      extraHeaders = headers;
      status = code;
      const before = renders;
      const first = await get("/privacy");
      await get("/privacy");
      expect(renders - before).toBe(2);
      expect(first.status).toBe(code);
      if ("Set-Cookie" in headers) expect(first.headers["set-cookie"]).toEqual(["a=1"]);
    }
  });

  it("answers HEAD from a kept page without a body", async () => {
    await get("/");
    const before = renders;
    const head = await get("/", {}, "HEAD");
    expect(renders).toBe(before);
    expect(head.status).toBe(200);
    expect(head.raw.length).toBe(0);
    expect(Number(head.headers["content-length"])).toBeGreaterThan(0);
  });

  it("counts hits, misses and renders", () => {
    const s = cache.stats();
    expect(s.hits).toBeGreaterThan(0);
    expect(s.renders).toBeGreaterThan(0);
    expect(s.entries).toBeGreaterThan(0);
    expect(s.bytes).toBeGreaterThan(0);
  });
});

describe("cacheKey", () => {
  it("is the URL with the language cookie and Accept-Language", () => {
    expect(cacheKey({ method: "GET", url: "/ideas/5", headers: { cookie: "lng=abc", "accept-language": "ka" } })).toBe("/ideas/5\nabc\nka");
    expect(cacheKey({ method: "POST", url: "/ideas/5", headers: {} })).toBeNull();
    expect(cacheKey({ method: "GET", url: `/ideas?q=${"x".repeat(2000)}`, headers: {} })).toBeNull();
  });
});

describe("chooseEncoding", () => {
  it.each([
    ["gzip, deflate, br, zstd", "br"],
    ["gzip", "gzip"],
    ["br;q=0, gzip;q=0.5", "gzip"],
    ["*", "br"],
    ["identity", "identity"],
    [undefined, "identity"],
  ] as const)("%s → %s", (accept, expected) => {
    expect(chooseEncoding(accept)).toBe(expected);
  });
});

describe("databaseGeneration", () => {
  it("changes with every write through the connection and with a commit by another connection", async () => {
    const Database = (await import("better-sqlite3")).default;
    const os = await import("node:os");
    const path = await import("node:path");
    const fs = await import("node:fs");
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "khma-gen-")), "g.sqlite");
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.exec("create table t (x)");
    const generation = databaseGeneration(db);
    const a = generation();
    expect(generation()).toBe(a);
    db.prepare("insert into t values (1)").run();
    const b = generation();
    expect(b).not.toBe(a);
    const other = new Database(file);
    other.prepare("insert into t values (2)").run();
    other.close();
    expect(generation()).not.toBe(b);
    db.close();
  });
});
