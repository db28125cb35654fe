// The in-process cache of anonymous public pages (issue 7, decision 015).
//
// Most reads are anonymous residents opening the same few pages: the home page, the ideas list,
// an idea, a round, the results. Rendering one with React costs a few milliseconds of the one
// core a Node process has; sending a kept copy costs microseconds. So:
// - Only GET and HEAD of a public page (PUBLIC_PAGE), from a visitor with no cookie but the
//   language cookie, are candidates. A signed-in resident, a survey respondent with a cookie, any
//   other cookie: never cached, never served from the cache.
// - A rendered answer is kept only when it is a 200 without Set-Cookie or a private/no-store
//   Cache-Control, and is HTML or Remix's loader JSON.
// - The key is the URL with the raw language cookie and Accept-Language: exactly what decides the
//   page's language (?lng= is never cached: it sets a cookie).
// - A kept page is good while the database has not changed (the `generation`: every change made
//   through this process's connection, and any commit by another process) and for at most `ttlMs`,
//   for what changes with the clock alone (a round opening or closing).
// - While a stale page is being rendered again, other requests for it get the kept copy (one render
//   behind at most), so a stream of writes costs one render per page at a time, not one per request.
// - When a page is rendered again and comes out the same (apart from its CSP nonce), the kept copy,
//   its nonce and its ETag stay: browsers revalidating get 304 and keep what they have.
// - A kept page is sent with the headers, and the CSP nonce, of the response it was made from, so
//   the nonce in its HTML and in its Content-Security-Policy always agree.
import crypto from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import zlib from "node:zlib";

const PUBLIC_PAGE =
  /^\/(?:|ideas|ideas\/\d{1,10}|rounds|rounds\/\d{1,10}|rounds\/\d{1,10}\/results|results|plan|plan\/\d{1,10}|plan\/report|surveys|surveys\/\d{1,10}|surveys\/\d{1,10}\/about|surveys\/\d{1,10}\/results|privacy)$/;
const LANGUAGE_COOKIE = "lng";
const MAX_URL = 1_000;
const MAX_BODY = 1024 * 1024;
/** Dropped from a kept answer's headers: the cache sets them itself for each answer. */
const PER_ANSWER = new Set(["content-length", "content-encoding", "transfer-encoding", "date", "connection", "keep-alive", "etag", "vary", "cache-control"]);
const CACHE_CONTROL = "public, no-cache";
/** How long a render in progress lets the kept copy answer for it, at most. */
const RENDER_WAIT_MS = 2_000;
const VARY = "Accept-Encoding, Accept-Language, Cookie";

type Encoding = "br" | "gzip" | "identity";

type Entry = {
  key: string;
  generation: string;
  checkedAt: number;
  headers: Record<string, string | string[]>;
  nonce: string | null;
  etag: string;
  identity: Buffer;
  br?: Buffer;
  gzip?: Buffer;
  bytes: number;
};

export type PageCacheOptions = {
  /** Changes whenever the database does. */
  generation: () => string;
  /** The longest a kept page is used without rendering it again. */
  ttlMs?: number;
  /** The most bytes (all encodings) kept; the least recently used pages go first. */
  maxBytes?: number;
  now?: () => number;
};

export type PageCacheStats = { hits: number; misses: number; renders: number; unchanged: number; notModified: number; whileRendering: number; entries: number; bytes: number };

/** The request's cache key, or null when it must go to the app uncached. */
export function cacheKey(req: Pick<IncomingMessage, "method" | "url" | "headers">): string | null {
  if (req.method !== "GET" && req.method !== "HEAD") return null;
  const url = req.url ?? "";
  if (url.length > MAX_URL) return null;
  const q = url.indexOf("?");
  if (!PUBLIC_PAGE.test(q < 0 ? url : url.slice(0, q))) return null;
  if (q >= 0 && new URLSearchParams(url.slice(q + 1)).has("lng")) return null;
  let language = "";
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    const name = (eq < 0 ? part : part.slice(0, eq)).trim();
    if (!name) continue;
    if (name !== LANGUAGE_COOKIE) return null;
    language = part.slice(eq + 1).trim();
  }
  return `${url}\n${language}\n${req.headers["accept-language"] ?? ""}`;
}

/** The best encoding the client accepts, of those kept. */
export function chooseEncoding(accept: string | undefined): Encoding {
  const weights = new Map<string, number>();
  for (const part of (accept ?? "").toLowerCase().split(",")) {
    const [name = "", ...params] = part.trim().split(";");
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    weights.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const accepts = (name: string) => (weights.get(name) ?? weights.get("*") ?? 0) > 0;
  if (accepts("br")) return "br";
  if (accepts("gzip")) return "gzip";
  return "identity";
}

function nonceOf(headers: Record<string, string | string[]>): string | null {
  const csp = headers["content-security-policy"];
  return (typeof csp === "string" && /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1]) || null;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.trim() === "*" || ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

// Node's own methods, not the instance's: the compression middleware replaces res.writeHead,
// res.write and res.end on each response, and a kept page is already compressed.
const writeHead = http.ServerResponse.prototype.writeHead;
const end = http.ServerResponse.prototype.end as (this: ServerResponse, body?: Buffer) => ServerResponse;

export function createPageCache(options: PageCacheOptions) {
  const ttl = options.ttlMs ?? 10_000;
  const maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const stats = { hits: 0, misses: 0, renders: 0, unchanged: 0, notModified: 0, whileRendering: 0 };
  // The pages being rendered again now, since when: one render at a time per page.
  const rendering = new Map<string, number>();
  let bytes = 0;

  function fresh(entry: Entry | undefined, generation: string): entry is Entry {
    return entry !== undefined && entry.generation === generation && now() - entry.checkedAt < ttl;
  }

  function drop(entry: Entry) {
    if (entries.get(entry.key) === entry) entries.delete(entry.key);
    bytes -= entry.bytes;
  }

  function account(entry: Entry, added: number) {
    entry.bytes += added;
    if (entries.get(entry.key) === entry) bytes += added;
  }

  function encoded(entry: Entry, encoding: Encoding): Buffer {
    if (encoding === "identity") return entry.identity;
    let body = entry[encoding];
    if (!body) {
      // Fast now (this answer waits for it); brotli's best, off the main thread, for the next ones.
      body =
        encoding === "br"
          ? zlib.brotliCompressSync(entry.identity, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: entry.identity.length } })
          : zlib.gzipSync(entry.identity, { level: 6 });
      entry[encoding] = body;
      account(entry, body.length);
      if (encoding === "br") {
        zlib.brotliCompress(entry.identity, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: entry.identity.length } }, (error, best) => {
          if (error || !entry.br || best.length >= entry.br.length) return;
          account(entry, best.length - entry.br.length);
          entry.br = best;
        });
      }
    }
    return body;
  }

  function send(entry: Entry, req: IncomingMessage, res: ServerResponse) {
    const headers: Record<string, string | string[] | number> = { ...entry.headers, ETag: entry.etag, "Cache-Control": CACHE_CONTROL, Vary: VARY };
    if (matches(req.headers["if-none-match"], entry.etag)) {
      stats.notModified += 1;
      delete headers["content-type"];
      writeHead.call(res, 304, headers);
      end.call(res);
      return;
    }
    const encoding = chooseEncoding(req.headers["accept-encoding"]);
    const body = encoded(entry, encoding);
    if (encoding !== "identity") headers["Content-Encoding"] = encoding;
    headers["Content-Length"] = body.length;
    writeHead.call(res, 200, headers);
    if (req.method === "HEAD") end.call(res);
    else end.call(res, body);
  }

  function store(key: string, generation: string, headers: Record<string, string | string[]>, identity: Buffer): Entry {
    const nonce = nonceOf(headers);
    const previous = entries.get(key);
    // The same page as before, nonce apart: keep the old copy, so its ETag still holds.
    if (previous && previous.nonce !== null && nonce !== null && previous.identity.length === identity.length) {
      const same = identity.toString("utf8").replaceAll(nonce, previous.nonce) === previous.identity.toString("utf8");
      if (same) {
        stats.unchanged += 1;
        previous.generation = generation;
        previous.checkedAt = now();
        entries.delete(key);
        entries.set(key, previous);
        return previous;
      }
    }
    if (previous) drop(previous);
    const etag = `"${crypto.createHash("sha256").update(identity).digest("base64url").slice(0, 22)}"`;
    const entry: Entry = { key, generation, checkedAt: now(), headers, nonce, etag, identity, bytes: identity.length };
    entries.set(key, entry);
    bytes += entry.bytes;
    while (bytes > maxBytes && entries.size > 1) {
      const oldest = entries.values().next().value as Entry;
      drop(oldest);
    }
    return entry;
  }

  return {
    /** Answers from the cache when it can; false means "give the request to the app". */
    serve(req: IncomingMessage, res: ServerResponse): boolean {
      const key = cacheKey(req);
      if (key === null) return false;
      const entry = entries.get(key);
      if (!fresh(entry, options.generation())) {
        // While the page is being rendered again, the kept copy answers: it is one render behind
        // at most. Under a stream of writes this makes one render per page at a time, instead of
        // one per request.
        const since = rendering.get(key);
        if (entry && since !== undefined && now() - since < RENDER_WAIT_MS) {
          stats.whileRendering += 1;
          send(entry, req, res);
          return true;
        }
        stats.misses += 1;
        if (req.method === "GET") {
          rendering.set(key, now());
          res.once("close", () => rendering.delete(key));
        }
        return false;
      }
      stats.hits += 1;
      entries.delete(key);
      entries.set(key, entry);
      send(entry, req, res);
      return true;
    },

    /**
     * Express middleware, just before the app: for a cacheable GET, holds the app's answer back,
     * keeps it when it may be kept, and sends it as a kept page is sent (compressed, with an ETag).
     */
    capture(req: IncomingMessage, res: ServerResponse & { flush?: () => void }, next: () => void) {
      const key = req.method === "GET" ? cacheKey(req) : null;
      if (key === null) return next();
      const generation = options.generation();
      const chunks: Buffer[] = [];
      const collect = (chunk: unknown, encoding?: unknown) => {
        if (chunk === undefined || chunk === null || typeof chunk === "function") return;
        chunks.push(Buffer.isBuffer(chunk) ? chunk : typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8") : Buffer.from(chunk as Uint8Array));
      };
      const passWrite = res.write;
      const passEnd = res.end as (this: ServerResponse, body?: Buffer) => ServerResponse;
      const passFlush = res.flush;
      res.write = ((chunk: unknown, encoding?: unknown) => {
        collect(chunk, encoding);
        return true;
      }) as typeof res.write;
      if (passFlush) res.flush = () => {};
      res.end = ((chunk?: unknown, encoding?: unknown) => {
        collect(chunk, encoding);
        res.write = passWrite;
        res.end = passEnd as typeof res.end;
        if (passFlush) res.flush = passFlush;
        const body = Buffer.concat(chunks);
        const headers = res.getHeaders() as Record<string, string | string[]>;
        const contentType = String(headers["content-type"] ?? "");
        const cacheControl = String(headers["cache-control"] ?? "");
        const keep =
          res.statusCode === 200 &&
          headers["set-cookie"] === undefined &&
          !/no-store|private/i.test(cacheControl) &&
          /^(?:text\/html|application\/json)/i.test(contentType) &&
          body.length <= MAX_BODY;
        if (!keep) return passEnd.call(res, body);
        stats.renders += 1;
        const kept: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(headers)) if (!PER_ANSWER.has(name) && value !== undefined) kept[name] = value;
        for (const name of Object.keys(headers)) res.removeHeader(name);
        send(store(key, generation, kept, body), req, res);
        return res;
      }) as typeof res.end;
      next();
    },

    stats(): PageCacheStats {
      return { ...stats, entries: entries.size, bytes };
    },
  };
}

export type PageCache = ReturnType<typeof createPageCache>;

/** The database's generation: changes made through this connection, and commits by any other. */
export function databaseGeneration(client: { prepare(sql: string): { pluck(): { get(): unknown } } }): () => string {
  const changes = client.prepare("select total_changes()").pluck();
  const version = client.prepare("pragma data_version").pluck();
  return () => `${changes.get() as number}.${version.get() as number}`;
}
