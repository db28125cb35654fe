// What every open-data endpoint (/api/v1/…) shares: CORS open for reading, public caching with
// a strong ETag and 304 answers, a rate limit per client address, and errors as JSON that say
// which parameter was wrong. docs/api.md is the contract for users of the API.
import crypto from "node:crypto";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import type { MeasureStatus } from "#db/schema";
import { LISTED_STATUSES, type IdeaStatus } from "~/domain/ideas";
import { MEASURE_STATUSES } from "~/models/plan.server";
import { isLanguage, LANGUAGES, type Language } from "~/utils/i18n";
import { getLanguage } from "~/utils/i18n.server";
import { checkLimits, clientIp } from "~/utils/rate-limit.server";

/** The language comes from ?lng=, the cookie or Accept-Language: a cache must keep them apart. */
export const API_VARY = "Accept-Language, Cookie";

const CORS = {
  "Access-Control-Allow-Origin": "*",
  // A script on another site may read these too, not only the simple ones.
  "Access-Control-Expose-Headers": "ETag, Retry-After, Content-Disposition, Content-Language",
};

const JSON_TYPE = "application/json; charset=utf-8";

export type ApiOptions = {
  /** Seconds a browser or shared cache may keep the answer. */
  maxAge: number;
  /** Sets Content-Language (the language of the texts in the answer). */
  language?: Language;
  /** Offered as a download under this name. */
  filename?: string;
};

// ─── Errors ─────────────────────────────────────────────────────────────────────────────

/** An error as JSON, `{ error: "code", … }`, with CORS open so that a script can read why. Never cached. */
export function apiError(status: 400 | 404 | 429, error: string, details: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error, ...details }), {
    status,
    headers: { ...CORS, "Content-Type": JSON_TYPE, "Cache-Control": "no-store", Vary: API_VARY, ...headers },
  });
}

export function notFound(error = "notFound"): Response {
  return apiError(404, error);
}

export function badParameter(parameter: string, message: string): Response {
  return apiError(400, "badParameter", { parameter, message });
}

// ─── Answers ────────────────────────────────────────────────────────────────────────────

/** A strong validator: the SHA-256 of the exact bytes sent, base64url, quoted. */
export function etagOf(body: string): string {
  return `"${crypto.createHash("sha256").update(body, "utf8").digest("base64url")}"`;
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): W/"x" matches "x"; * matches anything. */
function notModified(request: Request, etag: string): boolean {
  const header = request.headers.get("If-None-Match");
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

function apiResponse(request: Request, body: string, contentType: string, options: ApiOptions): Response {
  const etag = etagOf(body);
  const headers: Record<string, string> = { ...CORS, "Cache-Control": `public, max-age=${options.maxAge}`, ETag: etag, Vary: API_VARY };
  if (options.language) headers["Content-Language"] = options.language;
  if (notModified(request, etag)) return new Response(null, { status: 304, headers });
  headers["Content-Type"] = contentType;
  if (options.filename) headers["Content-Disposition"] = `attachment; filename="${options.filename}"`;
  return new Response(body, { status: 200, headers });
}

export function apiJson(request: Request, data: unknown, options: ApiOptions): Response {
  return apiResponse(request, JSON.stringify(data), JSON_TYPE, options);
}

/** A CSV text (see toCsv) as a download. */
export function apiCsv(request: Request, csv: string, options: ApiOptions & { filename: string }): Response {
  return apiResponse(request, csv, "text/csv; charset=utf-8", options);
}

export function apiText(request: Request, text: string, options: ApiOptions & { filename: string }): Response {
  return apiResponse(request, text, "text/plain; charset=utf-8", options);
}

export type CsvColumn<K extends string = string> = { key: K; header: string };

/** CSV for Excel and for scripts: UTF-8 with a byte-order mark, CRLF, formula-looking cells defused. */
export function toCsv<K extends string>(columns: ReadonlyArray<CsvColumn<K>>, rows: ReadonlyArray<Partial<Record<K, unknown>>>): string {
  return stringify(
    rows.map((row) => Object.fromEntries(columns.map((c) => [c.key, row[c.key] ?? ""]))),
    { header: true, columns: columns.map((c) => ({ key: c.key, header: c.header })), bom: true, escape_formulas: true, record_delimiter: "windows" },
  );
}

// ─── Parameters ─────────────────────────────────────────────────────────────────────────

/** An id in the path: anything but a positive whole number is a resource that does not exist (404). */
export function pathId(value: string | undefined): number {
  if (!/^[1-9]\d{0,9}$/.test(value ?? "")) throw notFound();
  return Number(value);
}

/** A whole number given in the query string, as text, from min to max. */
export function wholeNumber(min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,10}$/, { error: `must be a whole number from ${min} to ${max}` })
    .transform(Number)
    .pipe(z.number().min(min, { error: `must be a whole number from ${min} to ${max}` }).max(max, { error: `must be a whole number from ${min} to ${max}` }));
}

/** One of a list of words. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of: ${values.join(", ")}` });
}

/** Yes or no in the query string: true, false, 1 or 0. */
export const yesNo = z.enum(["true", "false", "1", "0"], { error: "must be true or false" }).transform((v) => v === "true" || v === "1");

/**
 * Reads the query string through a zod object of optional fields. A parameter given twice, or
 * that does not parse, is a 400 naming it. Parameters the schema does not know are ignored.
 */
export function parseQuery<S extends z.ZodObject>(url: URL, schema: S): z.output<S> {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const values = url.searchParams.getAll(key);
    if (values.length > 1) throw badParameter(key, `${key} must be given once`);
    if (values.length === 1) raw[key] = values[0]!;
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const parameter = String(issue?.path[0] ?? "query");
  throw badParameter(parameter, `${parameter} ${issue?.message ?? "is not valid"}`);
}

// ─── The loader ─────────────────────────────────────────────────────────────────────────

export type ApiArgs = LoaderFunctionArgs & { url: URL; language: Language };

/** A preflight for a script that sends If-None-Match or Accept-Language itself. */
function preflight(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      ...CORS,
      "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
      "Access-Control-Allow-Headers": "If-None-Match, Accept-Language",
      "Access-Control-Max-Age": "86400",
      "Cache-Control": "public, max-age=86400",
    },
  });
}

/** A Response thrown by shared code (e.g. a 404 of roundIdFrom) made to look like the API's own. */
function asApiResponse(response: Response): Response {
  if (response.headers.has("Access-Control-Allow-Origin")) return response;
  if (response.status === 404) return notFound();
  const headers = new Headers(response.headers);
  for (const [key, value] of Object.entries(CORS)) headers.set(key, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * An open-data loader: answers a preflight, counts the request against the client's limit
 * (429 with Retry-After), refuses an unknown ?lng= (400), finds the language, and turns any
 * Response thrown inside (apiError, notFound, a parameter error) into the answer.
 */
export function apiLoader(handler: (args: ApiArgs) => Response | Promise<Response>) {
  return async (args: LoaderFunctionArgs): Promise<Response> => {
    if (args.request.method === "OPTIONS") return preflight();
    const limit = checkLimits([["apiPerIp", clientIp(args.context)]]);
    if (!limit.ok) {
      const seconds = Math.ceil(limit.retryAfterMs / 1000);
      return apiError(429, "rateLimited", { retryAfter: seconds }, { "Retry-After": String(seconds) });
    }
    const url = new URL(args.request.url);
    const lng = url.searchParams.getAll("lng");
    if (lng.length > 1 || (lng.length === 1 && !isLanguage(lng[0]))) return badParameter("lng", `lng must be one of: ${LANGUAGES.join(", ")}`);
    try {
      return await handler({ ...args, url, language: await getLanguage(args.request) });
    } catch (thrown) {
      if (thrown instanceof Response) return asApiResponse(thrown);
      throw thrown;
    }
  };
}

// ─── The query strings of the endpoints that have a JSON and a CSV form ─────────────────

/** Ids of goals and districts as filters: the id may name nothing, which matches nothing. */
const filterId = wholeNumber(1, 9_999_999_999);

export const IDEAS_PAGE_SIZE = 50;

/** /api/v1/ideas(.csv): filters, and the page for JSON (the CSV has every match). */
export const ideasQuery = z.object({
  page: wholeNumber(1, 10_000).optional(),
  goal: filterId.optional(),
  district: filterId.optional(),
  status: oneOf(LISTED_STATUSES as unknown as [IdeaStatus, ...IdeaStatus[]]).optional(),
  validated: yesNo.optional(),
});

/** /api/v1/measures(.csv). */
export const measuresQuery = z.object({
  goal: filterId.optional(),
  status: oneOf(MEASURE_STATUSES as unknown as [MeasureStatus, ...MeasureStatus[]]).optional(),
});
