// Hostile input for the fuzz test (app/routes/fuzz.test.ts): a seeded generator, so that a failure
// reproduces from its seed, and the values, bodies, query strings and headers an attacker or a
// broken client sends. Nothing here knows the app; the test says which fields each form has.

// ─── A seeded generator ─────────────────────────────────────────────────────────────────

export type Rng = {
  /** A number in [0, 1). */
  (): number;
  /** A whole number in [0, n). */
  int(n: number): number;
  pick<T>(list: readonly T[]): T;
  chance(p: number): boolean;
};

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (() => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }) as Rng;
  next.int = (n) => Math.floor(next() * n);
  next.pick = <T>(list: readonly T[]): T => {
    if (list.length === 0) throw new Error("pick from an empty list");
    return list[Math.floor(next() * list.length)]!;
  };
  next.chance = (p) => next() < p;
  return next;
}

/** A seed for case `index` of a run: each case can be regenerated on its own. */
export function caseSeed(seed: number, index: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
}

// ─── Values ─────────────────────────────────────────────────────────────────────────────

export const MB = 1024 * 1024;

let huge: string | undefined;
/** A 1 MB text value (made once). */
export function megabyte(): string {
  huge ??= "ა".repeat(MB / 3) + "x".repeat(MB - 3 * Math.floor(MB / 3));
  return huge;
}

/** Ids in a path as a client may send them: traversal, numbers no parser expects, nothing at all. */
export const GARBAGE_IDS: readonly string[] = [
  "../../etc/passwd",
  "..%2f..%2fetc%2fpasswd",
  "%2e%2e%2f",
  "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
  "..\\..\\windows\\win.ini",
  "/etc/passwd",
  "....//....//etc/passwd",
  "-1",
  "0",
  "00",
  "1e309",
  "1e3",
  "0x10",
  "0b11",
  "0o7",
  "1.5",
  "1,5",
  "+1",
  " 1",
  "1 ",
  "01",
  "9".repeat(300),
  "1".repeat(20),
  "2147483648",
  "4294967296",
  "9007199254740993",
  "",
  " ",
  "NaN",
  "Infinity",
  "-Infinity",
  "null",
  "undefined",
  "true",
  "[object Object]",
  "__proto__",
  "constructor",
  "toString",
  "new",
  "1;DROP TABLE ideas",
  "1' OR '1'='1",
  '1" OR "1"="1',
  "1)--",
  "%00",
  "\u0000",
  "1\u0000",
  "1\n2",
  "１２", // full-width digits
  "٣", // Arabic-Indic three
  "𝟙", // mathematical bold one
  "ქ",
  "💥",
  "\u202e1",
  "1/2",
  "1?x=y",
  "1#x",
  "1%20",
  "%",
  "%G1",
  "%E0%A4%A",
  "<script>alert(1)</script>",
  "*",
];

/** Where a sign-in, sign-up or sign-out might be told to go next: only paths on this site may be followed. */
export const REDIRECT_TARGETS: readonly string[] = [
  "//evil.example",
  "https://evil.example",
  "http://evil.example/ideas",
  "/\\evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "/\\/evil.example",
  "javascript:alert(1)",
  "JavaScript:alert(document.domain)",
  " javascript:alert(1)",
  "java\tscript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  "%2F%2Fevil.example",
  "/%2F/evil.example",
  "/%2F%2Fevil.example",
  "/%5Cevil.example",
  "%5C%5Cevil.example",
  "///evil.example",
  "////evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\nSet-Cookie: khma_session=x",
  "/%0d%0aSet-Cookie:%20x=1",
  " //evil.example",
  "\u0000//evil.example",
  "/\u2028/evil.example",
  "/\u3000/evil.example",
  "/\uff0f\uff0fevil.example",
  "/ქალაქი",
  "/ideas?q=ქ",
  "/é",
  "http:evil.example",
  "https:/evil.example",
  "evil.example",
  "@evil.example",
  "/@evil.example",
  "/.evil.example",
  "//localhost:3000@evil.example",
  "http://localhost:3000.evil.example",
  "/" + "a".repeat(3000),
  "",
  "/",
  "/me",
  "/ideas/1",
];

/** Stored-XSS payloads: each is harmless only if every page prints it as text. */
export const XSS_PAYLOADS = {
  script: "<script>window.__x=1</script>",
  img: "<img src=x onerror=alert(1)>",
  svg: '"><svg onload=alert(1)>',
  js: "javascript:alert(1)",
  textarea: "</textarea><script>window.__x=2</script>",
  attr: "' onmouseover='alert(1)",
  iframe: "<iframe src=javascript:alert(1)>",
  template: "{{constructor.constructor('alert(1)')()}}",
} as const;

const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcdoc"]);
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", colon: ":", tab: "\t", newline: "\n" };

/** An attribute value as the browser reads it: entities decoded, the characters it ignores in a URL scheme dropped. */
function attributeValue(raw: string): string {
  const unquoted = /^["']/.test(raw) ? raw.slice(1, -1) : raw;
  const decoded = unquoted.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (m, e: string) =>
    e[0] === "#" ? String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e.toLowerCase()] ?? m),
  );
  return [...decoded].filter((c) => c.charCodeAt(0) > 0x20).join("").toLowerCase();
}

/**
 * What in a page's HTML would run a stored payload: a real <script>, <iframe>, <object> or <embed>
 * element, any on* attribute, or a javascript:/vbscript:/data:text/html URL in an attribute. Text
 * and attribute values are read as a browser reads them, so an escaped payload is not a finding.
 */
export function unsafeMarkup(html: string): string[] {
  const found: string[] = [];
  const tag = /<([a-zA-Z][\w:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
  const attribute = /([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g;
  for (const m of html.matchAll(tag)) {
    const name = m[1]!.toLowerCase();
    const context = m[0].length > 160 ? `${m[0].slice(0, 160)}…` : m[0];
    if (["script", "iframe", "object", "embed", "frame", "base"].includes(name)) found.push(`a <${name}> element: ${context}`);
    for (const a of (m[2] ?? "").matchAll(attribute)) {
      const attr = a[1]!.toLowerCase();
      if (attr.startsWith("on")) found.push(`an ${attr} attribute: ${context}`);
      const value = a[2] === undefined ? "" : attributeValue(a[2]);
      if (URL_ATTRIBUTES.has(attr) && /^(javascript|vbscript|data:text\/html)/.test(value)) found.push(`a ${value.split(":")[0]}: URL in ${attr}: ${context}`);
    }
  }
  for (const payload of Object.values(XSS_PAYLOADS)) if (payload.includes("<") && html.includes(payload)) found.push(`the payload ${payload} unescaped`);
  return found;
}

/** Texts that break naive code: empty, blank, control and format characters, other scripts, numbers, markup. */
export const HOSTILE_STRINGS: readonly string[] = [
  "",
  " ",
  "\t\n\r",
  "\u0000",
  "a\u0000b",
  "\u0007\u001b[31m",
  "\u200b\u200c\u200d\ufeff",
  "\u202e\u202d",
  "\ud800",
  "\udfff\ud800",
  "e\u0301\u0301\u0301\u0301\u0301",
  "ქართული ტექსტი",
  "Azərbaycan dili ı ə",
  "Русский текст",
  "العربية",
  "😀👩‍👩‍👧‍👦🏳️‍🌈",
  "on",
  "off",
  "true",
  "false",
  "null",
  "undefined",
  "0",
  "-0",
  "-1",
  "1e309",
  "NaN",
  "Infinity",
  "0x1F",
  "9".repeat(40),
  "1,000,000",
  "1 000 000",
  "2026-02-30",
  "2026-13-01T25:61",
  "9999-12-31T23:59",
  "0000-00-00T00:00",
  "[]",
  "{}",
  '{"__proto__":{"admin":true}}',
  "__proto__",
  "constructor",
  "prototype",
  "'; DROP TABLE ideas; --",
  '" OR 1=1 --',
  "%s%s%s%n",
  "${7*7}",
  "=HYPERLINK(\"http://evil.example\",\"x\")",
  "+cmd|'/C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "../../etc/passwd",
  "%2e%2e%2f",
  "<b>bold</b>",
  ...Object.values(XSS_PAYLOADS),
  "a".repeat(121),
  "ა".repeat(2001),
  "x".repeat(5001),
  "y".repeat(70_000),
];

/** Byte sequences that are not UTF-8. */
export const INVALID_UTF8: readonly number[][] = [
  [0xff],
  [0xfe, 0xff],
  [0xc3, 0x28],
  [0xa0, 0xa1],
  [0xe2, 0x28, 0xa1],
  [0xe2, 0x82, 0x28],
  [0xf0, 0x28, 0x8c, 0xbc],
  [0xf0, 0x90, 0x28, 0xbc],
  [0xf8, 0xa1, 0xa1, 0xa1, 0xa1],
  [0xc0, 0xaf], // an overlong "/"
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80], // a lone surrogate
  [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
  [0xe1, 0x83], // a Georgian letter cut short
];

/** A hostile value for a field; text fields get longer and stranger values more often. */
export function hostileValue(r: Rng): string {
  const roll = r();
  if (roll < 0.7) return r.pick(HOSTILE_STRINGS);
  if (roll < 0.8) return r.pick(GARBAGE_IDS);
  if (roll < 0.9) return r.pick(REDIRECT_TARGETS);
  if (roll < 0.97) return String(r.int(2 ** 31) - 2 ** 30);
  return megabyte();
}

// ─── Forms ──────────────────────────────────────────────────────────────────────────────

export type FilePart = { filename: string; type: string; data: Uint8Array };
export type FieldValue = string | FilePart | Uint8Array;
/** A form as its fields, in order; a name may repeat. Uint8Array values are raw bytes (maybe not UTF-8). */
export type Fields = Array<[string, FieldValue]>;

const enc = new TextEncoder();
const bytesOf = (v: string | Uint8Array) => (typeof v === "string" ? enc.encode(v) : v);

function concat(parts: Array<Uint8Array | string>): Bytes {
  const arrays = parts.map(bytesOf);
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.byteLength, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.byteLength;
  }
  return out;
}

/** A value with bytes that are not UTF-8 somewhere inside it. */
export function withInvalidUtf8(r: Rng, text = "text"): Uint8Array {
  const cut = r.int(text.length + 1);
  return concat([text.slice(0, cut), new Uint8Array(r.pick(INVALID_UTF8)), text.slice(cut)]);
}

/** Changes a form the way a broken or hostile client would: one to three mutations. */
export function mutate(r: Rng, fields: Fields, known: readonly string[]): { fields: Fields; notes: string[] } {
  let out: Fields = fields.map(([k, v]) => [k, v]);
  const notes: string[] = [];
  const names = () => (out.length ? out.map(([k]) => k) : [...known, "x"]);
  /** Changes the first field of that name (or adds it). */
  const replace = (name: string, value: (old: FieldValue | undefined) => FieldValue) => {
    const at = out.findIndex(([k]) => k === name);
    if (at === -1) out.push([name, value(undefined)]);
    else out[at] = [name, value(out[at]![1])];
  };
  const count = 1 + r.int(3);
  for (let i = 0; i < count; i++) {
    const kind = r.int(12);
    const name = r.pick(names());
    switch (kind) {
      case 0:
        out = out.filter(([k]) => k !== name);
        notes.push(`missing ${name}`);
        break;
      case 1:
        out = [];
        notes.push("no fields at all");
        break;
      case 2: {
        const n = 1 + r.int(r.chance(0.1) ? 500 : 3);
        // Many copies are short ones: 500 megabytes would only test the test's memory.
        for (let j = 0; j < n; j++) out.push([name, n > 3 ? r.pick(HOSTILE_STRINGS).slice(0, 200) : r.chance(0.5) ? hostileValue(r) : (out.find(([k]) => k === name)?.[1] ?? "")]);
        notes.push(`${name} ${n + 1} times`);
        break;
      }
      case 3:
      case 4: {
        const value = hostileValue(r);
        replace(name, () => value);
        notes.push(`${name}=${preview(value)}`);
        break;
      }
      case 5:
        replace(name, () => megabyte());
        notes.push(`${name} 1 MB`);
        break;
      case 6:
        replace(name, (v) => withInvalidUtf8(r, typeof v === "string" ? v.slice(0, 200) : "x"));
        notes.push(`${name} not UTF-8`);
        break;
      case 7: {
        // The name in a shape no form of ours sends: nested, array, prototype-looking, or binary.
        const shaped = r.pick([`${name}[]`, `${name}[0]`, `${name}.x`, `${name}.__proto__`, `${name}..`, `.${name}`, "__proto__", "constructor", "__proto__.admin", "constructor.prototype.admin", "", " ", "\u0000", "q", "q1", "q1-r1", "q-1", "q99999999999", "option", "rank-1", "points-1", "intent", "redirectTo"]);
        out.push([shaped, hostileValue(r)]);
        notes.push(`extra field ${JSON.stringify(shaped)}`);
        break;
      }
      case 8:
        replace(name, (v) => ({ filename: r.pick(["../../etc/passwd", "..\\..\\x.exe", "a\u0000.png", "<svg onload=alert(1)>.svg", ""]), type: r.pick(["text/plain", "image/svg+xml", "application/x-msdownload", ""]), data: enc.encode(typeof v === "string" ? v : "<svg onload=alert(1)>") }));
        notes.push(`${name} as a file`);
        break;
      case 9: {
        // A value in another type: a number, a boolean, JSON, a list.
        const typed = r.pick(["1", "0", "-1", "1.5", "on", "true", "[1,2]", '{"a":1}', "null", "", "1,2,3"]);
        replace(name, () => typed);
        notes.push(`${name}=${typed}`);
        break;
      }
      case 10:
        out.reverse();
        notes.push("fields reversed");
        break;
      default:
        notes.push("as is");
    }
  }
  return { fields: out, notes };
}

// ─── Bodies ─────────────────────────────────────────────────────────────────────────────

/** Bytes backed by a plain ArrayBuffer: what a Request body takes. */
export type Bytes = Uint8Array<ArrayBuffer>;
export type Body = { body: Bytes | ReadableStream<Bytes> | null; headers: Record<string, string>; note: string };

const PERCENT = Array.from({ length: 256 }, (_, b) => {
  const c = String.fromCharCode(b);
  return /[A-Za-z0-9*\-._]/.test(c) ? c : b === 0x20 ? "+" : `%${b.toString(16).padStart(2, "0").toUpperCase()}`;
});
const percentCache = new Map<string, string>();

function percent(bytes: Uint8Array): string {
  const parts = new Array<string>(bytes.byteLength);
  for (let i = 0; i < bytes.byteLength; i++) parts[i] = PERCENT[bytes[i]!]!;
  return parts.join("");
}

/** The 1 MB value is encoded once. */
function percentValue(v: FieldValue): string {
  if (v === huge) {
    let cached = percentCache.get("huge");
    if (cached === undefined) percentCache.set("huge", (cached = percent(bytesOf(v))));
    return cached;
  }
  return percent(valueBytes(v));
}

function valueBytes(v: FieldValue): Uint8Array {
  if (typeof v === "string" || v instanceof Uint8Array) return bytesOf(v);
  return v.data;
}

/** application/x-www-form-urlencoded, as a browser sends it (percent-encoded bytes). */
export function urlencoded(fields: Fields): Bytes {
  return enc.encode(fields.map(([k, v]) => `${percent(bytesOf(k))}=${percentValue(v)}`).join("&"));
}

/** The same form with raw bytes, broken percent escapes or stray separators: what no browser sends. */
export function brokenUrlencoded(r: Rng, fields: Fields): { bytes: Bytes; note: string } {
  const base = urlencoded(fields);
  const kind = r.int(6);
  const junk: Array<[string, Uint8Array | string]> = [
    ["raw bytes that are not UTF-8", new Uint8Array(r.pick(INVALID_UTF8))],
    ["percent-escapes that are not UTF-8", `&x=${r.pick(["%FF%FE", "%C0%AF", "%ED%A0%80", "%E1%83"])}&title=%C3%28`],
    ["broken percent escapes", `&${r.pick(["%", "%G1", "%E0%A4%A", "a=%", "%%%", "=%="])}`],
    ["stray separators", r.pick(["&&&", "===", "&=&=", "=", "&", ";;"])],
    ["a NUL byte", new Uint8Array([0x26, 0x61, 0x3d, 0x00, 0x00])],
    ["a field name only", "&lonely&title"],
  ];
  const [note, extra] = junk[kind]!;
  const at = r.int(base.byteLength + 1);
  return { bytes: concat([base.slice(0, at), extra, base.slice(at)]), note };
}

function boundary(r: Rng): string {
  return `----khmafuzz${Math.floor(r() * 1e12).toString(36)}`;
}

function quoted(name: string): string {
  return name.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** multipart/form-data bytes for the fields, with a given boundary. */
export function multipartBytes(fields: Fields, b: string): Bytes {
  const parts: Array<Uint8Array | string> = [];
  for (const [k, v] of fields) {
    parts.push(`--${b}\r\n`);
    if (typeof v === "object" && !(v instanceof Uint8Array)) {
      parts.push(`Content-Disposition: form-data; name="${quoted(k)}"; filename="${quoted(v.filename)}"\r\n`);
      if (v.type) parts.push(`Content-Type: ${v.type}\r\n`);
      parts.push("\r\n", v.data, "\r\n");
    } else {
      parts.push(`Content-Disposition: form-data; name="${quoted(k)}"\r\n\r\n`, valueBytes(v), "\r\n");
    }
  }
  parts.push(`--${b}--\r\n`);
  return concat(parts);
}

/** multipart/form-data that a parser must refuse, or at least survive. */
export function brokenMultipart(r: Rng, fields: Fields): Body {
  const b = boundary(r);
  const good = multipartBytes(fields, b);
  const kind = r.int(11);
  const type = (x: string) => ({ "Content-Type": `multipart/form-data; boundary=${x}` });
  switch (kind) {
    case 0:
      return { body: good, headers: type(`${b}x`), note: "multipart with another boundary than the body's" };
    case 1:
      return { body: good.slice(0, Math.max(1, r.int(good.byteLength))), headers: type(b), note: "multipart cut short" };
    case 2:
      return { body: good.slice(0, good.byteLength - `--${b}--\r\n`.length), headers: type(b), note: "multipart without its closing boundary" };
    case 3:
      return { body: good, headers: { "Content-Type": "multipart/form-data" }, note: "multipart without a boundary" };
    case 4:
      return { body: good, headers: { "Content-Type": "multipart/form-data; boundary=" }, note: "multipart with an empty boundary" };
    case 5: {
      const long = "x".repeat(200);
      return { body: multipartBytes(fields, long), headers: type(long), note: "multipart with a 200-character boundary" };
    }
    case 6:
      return { body: concat([`--${b}\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--${b}\r\nX: ${"h".repeat(70_000)}\r\n\r\nx\r\n--${b}--\r\n`]), headers: type(b), note: "multipart parts without a name, with a 70 kB header" };
    case 7:
      return {
        body: concat([`--${b}\r\nContent-Disposition: form-data; name="`, new Uint8Array(r.pick(INVALID_UTF8)), `"\r\n\r\n`, new Uint8Array(r.pick(INVALID_UTF8)), `\r\n`, good]),
        headers: type(b),
        note: "multipart with names and values that are not UTF-8",
      };
    case 8:
      return { body: concat([`--${b}\r\nContent-Disposition: form-data; name="title"\r\nContent-Type: multipart/mixed; boundary=inner\r\n\r\n--inner\r\n\r\nx\r\n--inner--\r\n`, good]), headers: type(b), note: "multipart nested in multipart" };
    case 9:
      return { body: enc.encode(`garbage before\r\n`), headers: type(b), note: "multipart with no parts at all" };
    default:
      return { body: concat([good.slice(0, good.byteLength >> 1), "\r\n\r\n\r\n", good.slice(good.byteLength >> 1)]), headers: type(`"${b}"`), note: "multipart with a quoted boundary and stray line breaks" };
  }
}

/** A stream that sends the bytes in small chunks, without a declared length. */
export function chunked(bytes: Bytes, size = 4096): ReadableStream<Bytes> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

/** The form, sent in one of the many ways a client may (mostly well-formed, often not). */
export function encode(r: Rng, fields: Fields): Body {
  // A form with a file is multipart in a browser: mostly so here too, or the file never arrives as one.
  const hasFile = fields.some(([, v]) => typeof v === "object" && !(v instanceof Uint8Array));
  const roll = hasFile && r.chance(0.6) ? 0.5 + r() * 0.2 : r();
  if (roll < 0.5) return { body: urlencoded(fields), headers: { "Content-Type": "application/x-www-form-urlencoded" }, note: "urlencoded" };
  if (roll < 0.7) {
    const b = boundary(r);
    return { body: multipartBytes(fields, b), headers: { "Content-Type": `multipart/form-data; boundary=${b}` }, note: "multipart" };
  }
  if (roll < 0.76) {
    const { bytes, note } = brokenUrlencoded(r, fields);
    return { body: bytes, headers: { "Content-Type": "application/x-www-form-urlencoded" }, note: `urlencoded with ${note}` };
  }
  if (roll < 0.84) return brokenMultipart(r, fields);
  if (roll < 0.88) {
    const json = JSON.stringify(Object.fromEntries(fields.map(([k, v]) => [k, typeof v === "string" ? v : "<bytes>"])));
    const type = r.pick(["application/json", "application/x-www-form-urlencoded", "text/plain"]);
    return { body: enc.encode(json), headers: { "Content-Type": type }, note: `JSON sent as ${type}` };
  }
  if (roll < 0.92) {
    const type = r.pick(["", "text/plain", "application/xml", "application/x-www-form-urlencoded; charset=utf-16", "APPLICATION/X-WWW-FORM-URLENCODED", "multipart/mixed; boundary=x", "text/html", "application/x-www-form-urlencodedx", "image/png", "*/*"]);
    return { body: urlencoded(fields), headers: type ? { "Content-Type": type } : {}, note: `Content-Type ${JSON.stringify(type)}` };
  }
  if (roll < 0.95) {
    const length = r.pick(["99999999999", "-1", "abc", "0", "1e9", "268435456", ""]);
    return { body: urlencoded(fields), headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": length }, note: `Content-Length ${JSON.stringify(length)}` };
  }
  if (roll < 0.97) {
    const big = r.chance(0.5) ? 2 * MB : MB + 1;
    return { body: chunked(concat([urlencoded(fields), "&pad=", "z".repeat(big)])), headers: { "Content-Type": "application/x-www-form-urlencoded" }, note: `${big} bytes, streamed without a length` };
  }
  if (roll < 0.99) return { body: null, headers: { "Content-Type": r.pick(["application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) }, note: "no body" };
  const bytes = urlencoded(fields);
  // One byte a chunk for a small form; a 1 MB one in a thousand chunks (a million would only slow the test).
  return { body: chunked(bytes, Math.max(1, Math.ceil(bytes.byteLength / 1000))), headers: { "Content-Type": "application/x-www-form-urlencoded" }, note: "in tiny chunks" };
}

// ─── Query strings and headers ──────────────────────────────────────────────────────────

/** Query parameters any page might read. */
export const QUERY_KEYS: readonly string[] = [
  "q", "page", "district", "goal", "status", "sort", "lng", "redirectTo", "comments", "texts", "links", "section", "size",
  "view", "from", "to", "validated", "reset", "signedOut", "saved", "submitted", "reported", "missing", "imported", "created",
  "method", "phase", "round", "survey", "kind", "measure", "ageBand", "gender", "by", "question", "compare", "limit", "offset",
];

/** encodeURIComponent, with lone surrogates (which it refuses) as U+FFFD, as a browser would send them. */
export function encodeComponent(s: string): string {
  return encodeURIComponent(s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd"));
}

export function garbageQuery(r: Rng): string {
  const params: string[] = [];
  const n = r.int(5);
  for (let i = 0; i < n; i++) {
    const key = r.chance(0.9) ? r.pick(QUERY_KEYS) : r.pick(["__proto__", "constructor", "", "%", "a[b]", "x".repeat(300)]);
    const value = r.chance(0.5) ? r.pick(GARBAGE_IDS) : r.chance(0.5) ? r.pick(REDIRECT_TARGETS) : r.pick(HOSTILE_STRINGS).slice(0, 3000);
    const times = r.chance(0.15) ? 2 + r.int(3) : 1;
    for (let t = 0; t < times; t++) params.push(r.chance(0.9) ? `${encodeComponent(key)}=${encodeComponent(value)}` : `${key}=${r.pick(["%", "%ZZ", "%FF", "%C0%AF", "+", "&", "="])}`);
  }
  if (r.chance(0.05)) params.push(`q=${"x".repeat(20_000)}`);
  return params.length ? `?${params.join("&")}` : r.chance(0.1) ? "?" : "";
}

/** Headers that only latin-1 survives: what an HTTP server hands on. */
const latin1 = (s: string) => [...s].filter((c) => c.charCodeAt(0) <= 0xff && c !== "\r" && c !== "\n" && c !== "\u0000").join("").trim();

export function garbageHeaders(r: Rng): Record<string, string> {
  const headers: Record<string, string> = {};
  if (r.chance(0.3)) headers["Accept-Language"] = latin1(r.pick(["*", "xx", "ka;q=abc", "en-US,en;q=0.9,ka;q=2", ";;;,,,", "ru;q=NaN", "a".repeat(5000), "az-Latn-AZ", "\u00ff\u00fe", "ka, ka, ka"]));
  if (r.chance(0.15)) headers["If-None-Match"] = latin1(r.pick(['"x"', "*", "W/", '""', "W/\"\"", ",,,", "x".repeat(1000)]));
  if (r.chance(0.1)) headers["X-Forwarded-For"] = latin1(r.pick(["127.0.0.1", "evil", "::1, 10.0.0.1"]));
  if (r.chance(0.1)) headers.Origin = r.pick(["https://evil.example", "null"]);
  return headers;
}

/** A Cookie header that is not a session this server made. */
export function forgedCookie(r: Rng, real: string): string {
  return latin1(
    r.pick([
      "khma_session=",
      "khma_session=abc",
      "khma_session=%E0%A4%A",
      "khma_session=eyJ4IjoxfQ%3D%3D.bad-signature",
      `${real.slice(0, -2)}xx`,
      `${real}; ${real}`,
      `${real}; khma_session=other`,
      "khma_session=\u00ff\u00fe",
      `khma_session=${"a".repeat(5000)}`,
      "lng=xx; khma_respondent=abc",
      "lng=%00; khma_respondent=%E0%A4%A",
      ";;;===;;;",
      "khma_respondent=" + "b".repeat(43),
    ]),
  );
}

// ─── Reporting ──────────────────────────────────────────────────────────────────────────

/** A value short enough for a failure message. */
export function preview(value: unknown, max = 80): string {
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  if (typeof value === "object" && value !== null && "filename" in value) return `<file ${JSON.stringify((value as FilePart).filename)}>`;
  const s = typeof value === "string" ? value : String(value);
  return s.length > max ? `${JSON.stringify(s.slice(0, max))}… (${s.length} chars)` : JSON.stringify(s);
}
