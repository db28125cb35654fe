// Staff-written texts carry their own translations; Georgian is the fallback.
export type Translated = Partial<Record<string, string>>;

export function pick(value: Translated | null | undefined, language: string, fallback = "ka"): string {
  if (!value) return "";
  return value[language] || value[fallback] || Object.values(value).find(Boolean) || "";
}
