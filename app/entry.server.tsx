import fs from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { NonceProvider } from "~/ui/nonce";
import { StylesheetProvider } from "~/ui/stylesheet";
import { TranslationsProvider, instanceForRender } from "~/ui/translations";
import { getI18n, getLanguage, translationsJson } from "~/utils/i18n.server";

const ABORT_DELAY = 5_000;

// The built stylesheets' text by URL, read once (app/ui/stylesheet.tsx). Only fingerprinted files
// of the production build; anything else (development) stays a link.
const stylesheets = new Map<string, string | null>();
const CLIENT_ASSETS = path.resolve("build/client/assets");

function readStylesheet(href: string): string | null {
  let css = stylesheets.get(href);
  if (css === undefined) {
    const file = /^\/assets\/[\w.-]+\.css$/.test(href) ? path.join(CLIENT_ASSETS, href.slice("/assets/".length)) : null;
    css = file && fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
    stylesheets.set(href, css);
  }
  return css;
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const language = await getLanguage(request);
  responseHeaders.set("Content-Language", language);

  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : "";
  const i18n = instanceForRender(getI18n(language));
  const translations = () => translationsJson(language, i18n.reportNamespaces.getUsedNamespaces());
  const waitForAll = isbot(request.headers.get("user-agent")) || remixContext.isSpaMode;

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <StylesheetProvider value={readStylesheet}>
          <I18nextProvider i18n={i18n}>
            <TranslationsProvider value={translations}>
              <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
            </TranslationsProvider>
          </I18nextProvider>
        </StylesheetProvider>
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  console.error(error);
};
