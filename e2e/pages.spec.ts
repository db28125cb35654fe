// Every page, in every language, on a 360 px wide phone: readable, accessible, no script errors.
import type { Page } from "@playwright/test";
import { DEMO, DEMO_ROUNDS, LANGUAGES, expect, expectAccessible, roundIdByTitle, signIn, test } from "./utils";

test.use({ viewport: { width: 360, height: 780 } });

const PUBLIC_PAGES = ["/", "/join", "/login", "/reset", "/privacy", "/ideas", "/ideas?q=%E1%83%A1%E1%83%99%E1%83%95%E1%83%94%E1%83%A0&sort=supported", "/ideas/1", "/ideas/2", "/no-such-page"];
const STAFF_PAGES = ["/me", "/logout", "/ideas/new", "/hub", "/hub/ideas", "/hub/ideas/1", "/hub/audit", "/hub/staff", "/hub/outbox"];

/** The voting pages, for the demo rounds (their ids are read from the database once the server has seeded it). */
function roundPages() {
  const priorities = roundIdByTitle(DEMO_ROUNDS.priorities);
  const budget = roundIdByTitle(DEMO_ROUNDS.budget);
  const closed = roundIdByTitle(DEMO_ROUNDS.closed);
  return {
    public: ["/rounds", `/rounds/${priorities}`, `/rounds/${budget}`, `/rounds/${closed}`, `/rounds/${closed}/results`, `/rounds/${priorities}/results`],
    // Signed in: the ballot forms themselves, then the hub's pages for votes.
    staff: [
      `/rounds/${priorities}`,
      `/rounds/${budget}`,
      "/hub/rounds",
      "/hub/rounds/new",
      `/hub/rounds/${budget}`,
      `/hub/rounds/${budget}/paper`,
      `/hub/rounds/${closed}`,
      `/hub/rounds/${closed}/paper`,
      // Staff see an open budget round's results: numbers of 1,000 and more must hydrate in ka and az too.
      `/rounds/${budget}/results`,
    ],
  };
}

async function checkPage(page: Page, path: string, language: string, problems: string[]) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(path === "/no-such-page" ? 404 : 200);
  await expect(page.locator("html")).toHaveAttribute("lang", language);
  expect((await page.title()).trim().length, `title of ${path}`).toBeGreaterThan(0);
  const layout = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    upperCased: [...document.querySelectorAll("body *")]
      .filter((el) => getComputedStyle(el).textTransform === "uppercase")
      .map((el) => el.tagName),
  }));
  expect(layout.width, `${path} in ${language} is wider than the phone`).toBeLessThanOrEqual(360);
  expect(layout.upperCased, `${path} upper-cases text`).toEqual([]);
  await expectAccessible(page);
  expect(problems, `console errors on ${path} in ${language}`).toEqual([]);
}

for (const language of LANGUAGES) {
  test(`every page in ${language} fits 360 px, passes axe and logs no errors`, async ({ page }) => {
    const problems: string[] = [];
    page.on("console", (message) => {
      // A 404 page's own status line is expected; anything else (CSP, hydration) is a defect.
      if (message.type() === "error" && !message.text().includes("404")) problems.push(message.text().slice(0, 200));
    });
    page.on("pageerror", (error) => problems.push(error.message));

    test.slow(); // about thirty pages, each scanned by axe
    const rounds = roundPages();
    await page.goto(`/?lng=${language}`);
    for (const path of [...PUBLIC_PAGES, ...rounds.public]) await checkPage(page, path, language, problems);

    await signIn(page, DEMO.admin.email, DEMO.admin.password);
    await page.goto(`/?lng=${language}`);
    for (const path of [...STAFF_PAGES, ...rounds.staff]) await checkPage(page, path, language, problems);
  });
}

test("the page works after hydration: the language switch and links keep working with scripts on", async ({ page }) => {
  await page.goto("/?lng=en");
  await page.waitForFunction(() => document.querySelector("html")?.getAttribute("lang") === "en");
  await page.getByRole("link", { name: "Register" }).first().click();
  await expect(page).toHaveURL(/\/join$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Register");
  await page.getByRole("navigation", { name: "Language" }).getByRole("link", { name: "Русский" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Регистрация");
});
