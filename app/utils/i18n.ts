// i18next settings shared by the server and the browser.
export const LANGUAGES = ["ka", "en", "az", "ru"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "ka";
export const NAMESPACES = ["common", "auth", "hub", "validation", "ideas", "rounds", "surveys", "plan", "insights"] as const;

/** The Intl locale for each language: Georgian and Azerbaijani formats are those of Georgia. */
export const INTL_LOCALE: Record<Language, string> = { ka: "ka-GE", en: "en-GB", az: "az-Latn-AZ", ru: "ru-RU" };

/** The language's own name, shown in the language switch. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  ka: "ქართული",
  en: "English",
  az: "Azərbaycanca",
  ru: "Русский",
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

export const i18nConfig = {
  supportedLngs: [...LANGUAGES],
  fallbackLng: DEFAULT_LANGUAGE,
  defaultNS: "common",
  ns: [...NAMESPACES],
  // React escapes; i18next must not escape a second time.
  interpolation: { escapeValue: false },
  returnNull: false,
} as const;
