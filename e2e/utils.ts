// Fixtures that let every spec read as a resident's or a staff member's story.
import AxeBuilder from "@axe-core/playwright";
import { expect, test as base, type BrowserContext, type Page } from "@playwright/test";
import Database from "better-sqlite3";
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

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * Scans the page with axe. With JavaScript off axe cannot run inside the page, so the very DOM
 * the visitor has (scripts removed) is scanned in a second, script-enabled page of the same site.
 */
export async function expectAccessible(page: Page) {
  const url = page.url();
  let target = page;
  let scratch: BrowserContext | undefined;
  if (test.info().project.use.javaScriptEnabled === false) {
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

export { expect };
