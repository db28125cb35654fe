import { createCookie } from "@remix-run/node";
import { createInstance, type i18n as I18n, type TFunction } from "i18next";
import { RemixI18Next } from "remix-i18next/server";
import { scriptJson } from "~/ui/translations";
import { env } from "~/utils/env.server";
import { DEFAULT_LANGUAGE, LANGUAGES, i18nConfig, type Language } from "~/utils/i18n";
import { resources } from "../../locales/resources";

export const LANGUAGE_COOKIE = "lng";

export const languageCookie = createCookie(LANGUAGE_COOKIE, {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  secure: env.isProduction,
  maxAge: 60 * 60 * 24 * 365,
});

export const remixI18n = new RemixI18Next({
  detection: {
    supportedLanguages: [...LANGUAGES],
    fallbackLanguage: DEFAULT_LANGUAGE,
    cookie: languageCookie,
    order: ["searchParams", "cookie", "header"],
  },
});

/** The page's language: ?lng=, then the cookie, then Accept-Language, then Georgian. */
export async function getLanguage(request: Request): Promise<Language> {
  return (await remixI18n.getLocale(request)) as Language;
}

// One ready i18next instance per language, made once: it is never switched, so it can be shared.
const instances = new Map<Language, I18n>();

export function getI18n(language: Language): I18n {
  let instance = instances.get(language);
  if (!instance) {
    instance = createInstance();
    void instance.init({ ...i18nConfig, lng: language, resources, initImmediate: false });
    instances.set(language, instance);
  }
  return instance;
}

export function getT(language: Language, ns: string = "common"): TFunction {
  return getI18n(language).getFixedT(language, ns);
}

// The JSON handed to the browser for a set of namespaces (app/ui/translations.tsx), made once.
const handoffs = new Map<string, string>();

export function translationsJson(language: Language, namespaces: readonly string[]): string {
  const key = `${language}:${[...namespaces].sort().join(",")}`;
  let json = handoffs.get(key);
  if (json === undefined) {
    const i18n = getI18n(language);
    json = scriptJson(Object.fromEntries(namespaces.map((ns) => [ns, i18n.getResourceBundle(language, ns) ?? {}])));
    handoffs.set(key, json);
  }
  return json;
}
