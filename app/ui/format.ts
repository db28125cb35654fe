// Numbers and dates in the page's language, through Intl only.
import { INTL_LOCALE, type Language } from "~/utils/i18n";

export function formatNumber(language: Language, value: number): string {
  return new Intl.NumberFormat(INTL_LOCALE[language]).format(value);
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
