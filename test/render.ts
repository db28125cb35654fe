// A route's page rendered on the server with its loader's data, as a browser receives it (without
// scripts), in a language: what a resident or staff member actually reads.
import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import type { Language } from "~/utils/i18n";
import { getI18n } from "~/utils/i18n.server";
import { ORIGIN } from "./requests";

/** The page's HTML. */
export async function renderHtml(Page: ComponentType, data: unknown, path: string, language: Language): Promise<string> {
  const routes = [{ id: "page", path: "*", loader: () => data as object, Component: Page }];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request(`${ORIGIN}${path}`));
  if (context instanceof Response) throw new Error("the page redirected");
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToString(createElement(I18nextProvider, { i18n: getI18n(language) }, createElement(StaticRouterProvider, { router, context, hydrate: false })));
}

/** The page as plain text, without tags or the entities React writes. */
export async function renderPage(Page: ComponentType, data: unknown, path: string, language: Language): Promise<string> {
  return (await renderHtml(Page, data, path, language))
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}
