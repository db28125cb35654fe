// Text the server writes into the page for the browser (the translations, the stylesheet), which
// the browser must render again unchanged through hydration and every later render.
const read = new Map<string, string | null>();

/** The text of the element with this id as the server wrote it, read once; null outside a browser or when there is none. */
export function handedText(id: string): string | null {
  if (typeof document === "undefined") return null;
  if (!read.has(id)) read.set(id, document.getElementById(id)?.textContent ?? null);
  return read.get(id) ?? null;
}
