// Khma's HTTP server: security headers, the forgery check, static files, then Remix.
import crypto from "node:crypto";
import http from "node:http";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import expressStaticGzip from "express-static-gzip";
import { seedIfEmpty } from "#db/seed/index";
import { participationCountsReady } from "~/models/participation.server";
import { describePurge, purge } from "~/models/retention.server";
import { getDb } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { LANGUAGES, isLanguage } from "~/utils/i18n";
import { getT, languageCookie } from "~/utils/i18n.server";

// Refused before Remix runs, so before the page's language is known: said in every language.
const CROSS_SITE_MESSAGE = LANGUAGES.map((language) => getT(language)("errors.crossSite")).join("\n");
import { createPageCache, databaseGeneration } from "./page-cache";
import { isSameOriginRequest, securityHeaders } from "./security";

const dev = process.argv.includes("--dev");

// Start-up: open the database (applies migrations), seed an empty one.
const db = getDb();
const seeded = await seedIfEmpty(db, { demoAccounts: env.demoAccounts, demoIdeas: env.demoAccounts });
if (seeded) console.info(`Seeded an empty database at ${env.DATABASE_PATH} with the demo municipality.`);
// Participation by day (decision 011): built once here, not by the first request that needs it.
participationCountsReady();
// Retention (issue 7): what is kept past its period goes now, then every 24 hours.
function purgeOnSchedule() {
  try {
    console.info(`Retention purge: ${describePurge(purge())}.`);
  } catch (error) {
    console.error("Retention purge failed:", error);
  }
}
purgeOnSchedule();
setInterval(purgeOnSchedule, 24 * 60 * 60 * 1000).unref();

const viteDevServer = dev
  ? await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }))
  : undefined;

const app = express();
app.disable("x-powered-by");
if (env.TRUST_PROXY) app.set("trust proxy", /^\d+$/.test(env.TRUST_PROXY) ? Number(env.TRUST_PROXY) : env.TRUST_PROXY);
app.use(compression());

if (!viteDevServer) {
  const client = path.resolve("build/client");
  // Files, not documents: a Content-Security-Policy means nothing on them, and on a first visit
  // its bytes on each of twenty scripts add up. They keep nosniff and the resource policy.
  const fileHeaders = (res: http.ServerResponse) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
  };
  // Vite fingerprints everything under /assets: cache it for a year. Scripts and styles were
  // compressed at build time (scripts/compress-assets.js); the .br or .gz file is sent as it is.
  app.use(
    "/assets",
    expressStaticGzip(path.join(client, "assets"), {
      enableBrotli: true,
      orderPreference: ["br", "gz"],
      index: false,
      serveStatic: { immutable: true, maxAge: "1y", index: false, setHeaders: fileHeaders },
    }),
  );
  app.use(express.static(client, { maxAge: "1h", index: false, setHeaders: fileHeaders }));
}

app.use((req, res, next) => {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  if (!dev) res.set(securityHeaders(nonce, { production: env.isProduction }));
  else res.set({ "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY" });
  next();
});

// ?lng= in a link chooses the language; the cookie remembers it, also across redirects. Not for
// the open-data API: its answers are public and cacheable, and carry no cookie.
app.use(async (req, res, next) => {
  const asked = req.query.lng;
  if (isLanguage(asked) && !req.path.startsWith("/api/")) res.append("Set-Cookie", await languageCookie.serialize(asked));
  next();
});

app.use((req, res, next) => {
  const ok = isSameOriginRequest({
    method: req.method,
    host: req.get("x-forwarded-host") && app.get("trust proxy") ? req.get("x-forwarded-host") : req.get("host"),
    origin: req.get("origin"),
    referer: req.get("referer"),
  });
  if (ok) return next();
  res.status(403).type("text/plain; charset=utf-8").send(CROSS_SITE_MESSAGE);
});

if (viteDevServer) app.use(viteDevServer.middlewares);

// Anonymous public pages, kept in memory until the database changes (decision 015). Not in
// development, where the code itself changes.
const pageCache = viteDevServer ? null : createPageCache({ generation: databaseGeneration(db.$client) });
if (pageCache) app.use(pageCache.capture);

const build = viteDevServer
  ? () => viteDevServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>
  : ((await import(path.resolve("build/server/index.js"))) as ServerBuild);

app.all(
  "*",
  createRequestHandler({
    build,
    mode: env.isProduction ? "production" : "development",
    getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, ip: req.ip ?? "" }),
  }),
);

// A kept page is sent before Express sees the request: that is most of what it saves.
const server = http.createServer((req, res) => {
  if (!pageCache?.serve(req, res)) app(req, res);
});
server.listen(env.PORT, env.HOST, () => {
  console.info(`Khma is running on http://localhost:${env.PORT}`);
});

function shutdown() {
  server.close(() => {
    db.$client.close();
    process.exit(0);
  });
  setTimeout(() => process.exit(0), 5_000).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
