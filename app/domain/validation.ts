// Validation messages are codes, not sentences: "tooLong:120" is shown through the
// `validation` locale namespace as "…at most 120 characters" in the reader's language.
// The rules themselves are zod schemas in validation.server.ts: the browser never loads zod.

export const LIMITS = {
  nameMin: 2,
  nameMax: 80,
  identifierMax: 254,
  passwordMin: 8,
  passwordMax: 128,
} as const;

export function code(key: string, n?: number): string {
  return n === undefined ? key : `${key}:${n}`;
}

/** Splits a message code into an i18next key and its values. */
export function parseCode(message: string): { key: string; values: { count?: number } } {
  const [key = "invalid", n] = message.split(":");
  return { key, values: n === undefined ? {} : { count: Number(n) } };
}

/** An e-mail address or a Georgian mobile number, as parseIdentifier (validation.server.ts) normalises it. */
export type Identifier = { kind: "email"; value: string } | { kind: "phone"; value: string };
