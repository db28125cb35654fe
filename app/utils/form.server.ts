// Reading a form body safely: a malformed or oversized body is the sender's fault (400/413), never a 500.
import { json } from "@remix-run/node";

export const MAX_FORM_BYTES = 64 * 1024;

export async function readForm(request: Request, maxBytes = MAX_FORM_BYTES): Promise<FormData> {
  const length = Number(request.headers.get("Content-Length") ?? "0");
  if (length > maxBytes) throw json({ reason: "tooLarge" }, { status: 413 });
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
    throw json({ reason: "badRequest" }, { status: 415 });
  }
  try {
    return await request.formData();
  } catch {
    throw json({ reason: "badRequest" }, { status: 400 });
  }
}

/** Retry-After in whole seconds. */
export function retryAfter(ms: number): Record<string, string> {
  return { "Retry-After": String(Math.ceil(ms / 1000)) };
}
