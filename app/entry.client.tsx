import { RemixBrowser } from "@remix-run/react";
import i18next, { type BackendModule } from "i18next";
import { StrictMode, startTransition } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { TRANSLATIONS_ID, readTranslations } from "~/ui/translations";
import { DEFAULT_LANGUAGE, i18nConfig, isLanguage } from "~/utils/i18n";

// Each language's namespaces are separate chunks, fetched only when a page needs one that the
// server did not hand over with the HTML (app/ui/translations.tsx).
const bundles = import.meta.glob<{ default: Record<string, unknown> }>("../locales/*/*.json");

const chunks: BackendModule = {
  type: "backend",
  init() {},
  read(language, namespace, callback) {
    const load = bundles[`../locales/${language}/${namespace}.json`];
    if (!load) return callback(new Error(`No translations for ${language}/${namespace}`), false);
    load().then(
      (module) => callback(null, module.default),
      (error: Error) => callback(error, false),
    );
  },
};

async function hydrate() {
  // The translations come before Remix's scripts in <body>; should they not be parsed yet, wait.
  if (!document.getElementById(TRANSLATIONS_ID) && document.readyState === "loading") {
    await new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }));
  }
  const lang = document.documentElement.lang;
  const language = isLanguage(lang) ? lang : DEFAULT_LANGUAGE;
  const handed = readTranslations();
  void i18next
    .use(chunks)
    .use(initReactI18next)
    .init({
      ...i18nConfig,
      lng: language,
      // Every language is complete (locales/locales.test.ts): no other language is ever needed.
      fallbackLng: false,
      ns: Object.keys(handed),
      resources: { [language]: handed },
      partialBundledLanguages: true,
      initImmediate: false,
    });
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

void hydrate();
