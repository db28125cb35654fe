// Fixtures that let every spec read as a resident's or a staff member's story.
import AxeBuilder from "@axe-core/playwright";
import { expect, test as base, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const LANGUAGES = ["ka", "en", "az", "ru"] as const;

export const DEMO = {
  admin: { email: "admin@khma.test", password: "rustavi-admin-2030" },
  moderator: { email: "moderator@khma.test", password: "rustavi-moderator-2030" },
  resident: { email: "nino@khma.test", password: "rustavi-resident-2030", name: "ნინო კაპანაძე" },
};

let counter = 0;

/** The newest message in the outbox for a recipient, as a mail catcher would show it. */
export function lastMessageTo(recipient: string): { subject: string; body: string } | undefined {
  const db = new Database(path.resolve("data/e2e/khma.sqlite"), { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare("select subject, body from outbox where recipient = ? order by id desc limit 1")
      .get(recipient) as { subject: string; body: string } | undefined;
  } finally {
    db.close();
  }
}

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/**
 * Scans the page with axe. With JavaScript off axe cannot run inside the page, so the very DOM
 * the visitor has (scripts removed) is scanned in a second, script-enabled page of the same site.
 * `scriptsOff` is for a page of a context opened with JavaScript off inside a project that has it on.
 */
export async function expectAccessible(page: Page, { scriptsOff = test.info().project.use.javaScriptEnabled === false }: { scriptsOff?: boolean } = {}) {
  const url = page.url();
  let target = page;
  let scratch: BrowserContext | undefined;
  if (scriptsOff) {
    const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, "");
    // Playwright Test applies the project's options to new contexts too: switch scripts back on.
    scratch = await page.context().browser()!.newContext({ viewport: page.viewportSize(), javaScriptEnabled: true });
    target = await scratch.newPage();
    await target.goto(new URL("/robots.txt", url).toString());
    await target.setContent(html, { waitUntil: "load" });
  }
  try {
    const results = await new AxeBuilder({ page: target }).withTags(AXE_TAGS).analyze();
    const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    expect(summary, `axe violations on ${url}`).toEqual([]);
  } finally {
    await scratch?.close();
  }
}

export const test = base.extend<{ clientIp: string }>({
  // Each test is a different visitor (documentation-range address), so per-IP limits do not collide.
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern
  clientIp: async ({}, use, testInfo) => {
    counter += 1;
    await use(`203.0.113.${(testInfo.workerIndex * 50 + counter) % 250 + 1}`);
  },
  page: async ({ page, clientIp }, use) => {
    await page.setExtraHTTPHeaders({ "X-Forwarded-For": clientIp });
    await use(page);
  },
});

/** Fills and sends the sign-in form (in English). */
export async function submitSignIn(page: Page, identifier: string, password: string) {
  await page.goto("/login?lng=en");
  await page.getByLabel("Email or mobile number").fill(identifier);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
}

/** Signs in and waits until the browser has left the sign-in page. */
export async function signIn(page: Page, identifier: string, password: string) {
  await submitSignIn(page, identifier, password);
  await page.waitForURL((url) => url.pathname !== "/login");
}

/** The e2e server's database file (scripts/e2e-server.js starts the server on it). */
export const E2E_DATABASE = path.resolve("data/e2e/khma.sqlite");

/** Reads the e2e database (read-only), as a curious auditor would. */
export function readDatabase<T>(read: (db: Database.Database) => T): T {
  const db = new Database(E2E_DATABASE, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** A demo round's id, found by its English title (db/seed/rustavi.ts). */
export function roundIdByTitle(englishTitle: string): number {
  const row = readDatabase((db) => db.prepare("select id from rounds where json_extract(title, '$.en') = ? order by id limit 1").get(englishTitle) as { id: number } | undefined);
  if (!row) throw new Error(`no round titled ${englishTitle}`);
  return row.id;
}

/** The demo rounds' English titles, as db/seed/rustavi.ts seeds them. */
export const DEMO_ROUNDS = {
  priorities: "Rustavi 2030: which three goals matter most?",
  budget: "Participatory budget 2027",
  closed: "What should come first in Old Rustavi?",
} as const;

/** Writes to the e2e database, as an operator with shell access would (for what no page does, such as moving a clock). */
export function writeDatabase<T>(write: (db: Database.Database) => T): T {
  const db = new Database(E2E_DATABASE, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    return write(db);
  } finally {
    db.close();
  }
}

/**
 * Signs a browser context in as an existing account without the sign-in form: a session row is
 * written to the database and its cookie given to the browser. For pages that need someone signed
 * in when the sign-in itself is not the point; it spends none of the per-account sign-in limit
 * (10 in 15 minutes), which the whole suite would otherwise exhaust for the demo resident.
 */
export async function signInWithoutForm(context: BrowserContext, identifier: string, baseURL: string) {
  const token = crypto.randomBytes(32).toString("base64url");
  writeDatabase((db) => {
    const user = db.prepare("select id from users where email = ? or phone = ?").get(identifier, identifier) as { id: number } | undefined;
    if (!user) throw new Error(`no account ${identifier}`);
    db.prepare("insert into sessions (id, user_id, expires_at) values (?, ?, ?)").run(sessionIdFor(token), user.id, Date.now() + 86_400_000);
  });
  const value = signedSessionCookie(token).slice("khma_session=".length);
  await context.addCookies([{ name: "khma_session", value, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
}

/** A survey's id, found by its title in one language (the demo surveys by their English title, db/seed/rustavi.ts). */
export function surveyIdByTitle(title: string, language: "ka" | "en" | "az" | "ru" = "en"): number {
  const row = readDatabase((db) => db.prepare(`select id from surveys where json_extract(title, '$.${language}') = ? order by id limit 1`).get(title) as { id: number } | undefined);
  if (!row) throw new Error(`no survey titled ${title}`);
  return row.id;
}

/** A survey's pages (sections) in order: their ids. */
export function surveySectionIds(surveyId: number): number[] {
  return readDatabase((db) => (db.prepare("select id from survey_sections where survey_id = ? order by position, id").all(surveyId) as Array<{ id: number }>).map((s) => s.id));
}

/** The demo surveys' English titles, as db/seed/rustavi.ts seeds them. */
export const DEMO_SURVEYS = {
  /** Open, for signed-in residents, anonymous, with the optional "about you" page. */
  open: "How do you get around the city?",
  /** Closed, 40 paper responses, cross-tabulations public. */
  closed: "Rate the parks in your district",
} as const;

/** What a datetime-local field in the hub expects for an instant: the wall-clock time in Tbilisi. */
export function tbilisiLocalTime(at: Date): string {
  // Swedish writes dates as ISO does: "2027-05-01 09:30".
  return at.toLocaleString("sv-SE", { timeZone: "Asia/Tbilisi", hour12: false }).slice(0, 16).replace(" ", "T");
}

let visitors = 0;

/**
 * A new browser (context) for one person in a story, with a documentation-range address of its
 * own, so that per-IP limits on signing in do not add up across people and specs.
 */
export async function newVisitor(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  visitors += 1;
  const context = await browser.newContext({
    ...options,
    extraHTTPHeaders: { ...options.extraHTTPHeaders, "X-Forwarded-For": `198.51.100.${(visitors % 250) + 1}` },
  });
  return context.newPage();
}

/** The SESSION_SECRET the e2e server runs with, read from scripts/e2e-server.js so the two cannot drift apart. */
export function e2eSessionSecret(): string {
  const script = fs.readFileSync(path.resolve("scripts/e2e-server.js"), "utf8");
  const secret = /SESSION_SECRET:\s*"([^"]+)"/.exec(script)?.[1];
  if (!secret) throw new Error("SESSION_SECRET not found in scripts/e2e-server.js");
  return secret;
}

/**
 * The khma_session cookie value for a session token, as Remix's createCookie signs it
 * (@remix-run/server-runtime cookies.js + @remix-run/node crypto.js, i.e. cookie-signature):
 * base64 of the JSON value, a dot, then the HMAC-SHA256 of that in base64 without padding;
 * the cookie library then URI-encodes the whole.
 */
export function signedSessionCookie(token: string, secret = e2eSessionSecret()): string {
  const value = Buffer.from(JSON.stringify(token), "utf8").toString("base64");
  const signature = crypto.createHmac("sha256", secret).update(value).digest("base64").replace(/=+$/, "");
  return `khma_session=${encodeURIComponent(`${value}.${signature}`)}`;
}

/** A session row as app/models/sessions.server.ts stores it: only the token's SHA-256 (base64url). */
export function sessionIdFor(token: string): string {
  return crypto.createHash("sha256").update(token).digest("base64url");
}

export { expect };
