import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { StrictMode, startTransition } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { DEFAULT_LANGUAGE, i18nConfig, isLanguage } from "~/utils/i18n";

// Only the page's own language is fetched: each language is a separate chunk.
const bundles = import.meta.glob<{ default: Record<string, unknown> }>("../locales/*/*.json");

async function loadLanguage(language: string) {
  const entries = Object.entries(bundles).filter(([file]) => file.includes(`/locales/${language}/`));
  const loaded = await Promise.all(
    entries.map(async ([file, load]) => [file.split("/").pop()!.replace(".json", ""), (await load()).default] as const),
  );
  return Object.fromEntries(loaded);
}

async function hydrate() {
  const lang = document.documentElement.lang;
  const language = isLanguage(lang) ? lang : DEFAULT_LANGUAGE;
  await i18next.use(initReactI18next).init({
    ...i18nConfig,
    lng: language,
    resources: { [language]: await loadLanguage(language) },
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
