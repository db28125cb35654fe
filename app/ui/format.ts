// Numbers and dates in the page's language, through Intl only.
import { INTL_LOCALE, type Language } from "~/utils/i18n";

/**
 * Digit grouping and the decimal sign per language, as the server's ICU writes them. Browsers may
 * lack Georgian or Azerbaijani number data (Debian's Chromium formats "ka-GE" as en-US), and a page
 * whose numbers differ between server and browser fails to hydrate; so numbers are written through
 * en-US, which every engine has, with these signs swapped in.
 */
const SIGNS: Record<Language, { group: string; decimal: string; min2?: boolean }> = {
  // Georgian leaves four-digit numbers ungrouped (1234, but 12 345).
  ka: { group: "\u00a0", decimal: ",", min2: true },
  en: { group: ",", decimal: "." },
  az: { group: ".", decimal: "," },
  ru: { group: "\u00a0", decimal: "," },
};
const plain = new Intl.NumberFormat("en-US", { maximumFractionDigits: 3 });
const plainMin2 = new Intl.NumberFormat("en-US", { maximumFractionDigits: 3, useGrouping: "min2" } as Intl.NumberFormatOptions);

export function formatNumber(language: Language, value: number): string {
  const { group, decimal, min2 } = SIGNS[language];
  return (min2 ? plainMin2 : plain).format(value).replace(/[,.]/g, (sign) => (sign === "," ? group : decimal));
}

export function formatDate(language: Language, value: Date | number, timeZone = "Asia/Tbilisi"): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[language], { dateStyle: "long", timeZone }).format(value);
}

export function formatDateTime(language: Language, value: Date | number, timeZone = "Asia/Tbilisi"): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[language], { dateStyle: "short", timeStyle: "short", timeZone }).format(
    value,
  );
}

/** "in 5 minutes", "через 5 минут", "5 წუთში". */
export function formatWaitMinutes(language: Language, ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return new Intl.RelativeTimeFormat(INTL_LOCALE[language], { numeric: "always" }).format(minutes, "minute");
}
