// The page's translations, handed from the server render to the browser inside the HTML.
//
// A page ships only the namespaces its render used (react-i18next reports each namespace a
// `useTranslation` asks for), as a JSON data block after the page's content in <body>: the browser needs no
// request for them, and none for the namespaces of other pages. A namespace a later page needs is
// fetched then, as its own chunk (entry.client.tsx); the navigation waits for it, as it waits for
// the page's data.
import type { i18n as I18n } from "i18next";
import { createContext, useContext } from "react";
import { handedText } from "~/ui/handoff";

export const TRANSLATIONS_ID = "khma-translations";

type Report = { addUsedNamespaces(namespaces: readonly string[]): void; getUsedNamespaces(): string[] };

/**
 * The i18next instance one server render uses: the language's shared instance, with its own
 * record of the namespaces asked for. Only `reportNamespaces` is its own; everything else (the
 * loaded resources, the translator) is read through to the shared instance, which is never
 * changed after start-up.
 */
export function instanceForRender(shared: I18n): I18n & { reportNamespaces: Report } {
  const used = new Set<string>();
  const report: Report = {
    addUsedNamespaces: (namespaces) => namespaces.forEach((ns) => used.add(ns)),
    getUsedNamespaces: () => [...used],
  };
  return Object.assign(Object.create(shared) as I18n, { reportNamespaces: report });
}

// On the server: makes the JSON of the namespaces used so far. Absent in the browser.
const TranslationsContext = createContext<(() => string) | null>(null);
export const TranslationsProvider = TranslationsContext.Provider;

/** `JSON.stringify` made safe inside <script>: no "</script>" or "<!--" can close it early. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** The browser's copy of the translations the server used (entry.client.tsx reads it). */
export function readTranslations(): Record<string, Record<string, unknown>> {
  try {
    return JSON.parse(handedText(TRANSLATIONS_ID) ?? "{}") as Record<string, Record<string, unknown>>;
  } catch {
    return {};
  }
}

/**
 * Rendered after the page's content in <body>: by then every component of the page has asked for
 * its namespaces. A JSON data block is not a script that runs, so it needs no CSP nonce.
 */
export function Translations() {
  const make = useContext(TranslationsContext);
  const json = make ? make() : (handedText(TRANSLATIONS_ID) ?? "{}");
  return <script id={TRANSLATIONS_ID} type="application/json" suppressHydrationWarning dangerouslySetInnerHTML={{ __html: json }} />;
}
