// Reading a form body safely: a malformed or oversized body is the sender's fault (400/413), never a 500.
import { json } from "@remix-run/node";

// 256 kB: room for 10,000 Georgian characters (9 bytes each once URL-encoded), no more.
export const MAX_FORM_BYTES = 256 * 1024;

const tooLarge = () => json({ reason: "tooLarge" }, { status: 413 });

/** Reads at most maxBytes of the body, whether or not the sender declared its length. */
async function readBody(request: Request, maxBytes: number): Promise<Buffer> {
  const reader = request.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export async function readForm(request: Request, maxBytes = MAX_FORM_BYTES): Promise<FormData> {
  if (Number(request.headers.get("Content-Length") ?? "0") > maxBytes) throw tooLarge();
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
    throw json({ reason: "badRequest" }, { status: 415 });
  }
  const body = await readBody(request, maxBytes);
  try {
    return await new Response(new Uint8Array(body), { headers: { "Content-Type": type } }).formData();
  } catch {
    throw json({ reason: "badRequest" }, { status: 400 });
  }
}

/** Retry-After in whole seconds. */
export function retryAfter(ms: number): Record<string, string> {
  return { "Retry-After": String(Math.ceil(ms / 1000)) };
}
