// Every page, in every language, on a 360 px wide phone: readable, accessible, no script errors.
import type { Page } from "@playwright/test";
import { DEMO, DEMO_ROUNDS, DEMO_SURVEYS, LANGUAGES, expect, expectAccessible, newVisitor, roundIdByTitle, signIn, signInWithoutForm, surveyIdByTitle, surveySectionIds, test } from "./utils";

test.use({ viewport: { width: 360, height: 780 } });

const PUBLIC_PAGES = ["/", "/join", "/login", "/reset", "/privacy", "/ideas", "/ideas?q=%E1%83%A1%E1%83%99%E1%83%95%E1%83%94%E1%83%A0&sort=supported", "/ideas/1", "/ideas/2", "/no-such-page"];
const STAFF_PAGES = ["/me", "/me/privacy", "/me/verify", "/hub/verify", "/me/privacy/data", "/privacy?deleted=1", "/logout", "/ideas/new", "/hub", "/hub/ideas", "/hub/ideas/1", "/hub/audit", "/hub/staff", "/hub/outbox"];

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

/** The survey pages, for the demo surveys (ids read from the database, as for the rounds). */
function surveyPages() {
  const open = surveyIdByTitle(DEMO_SURVEYS.open);
  const closed = surveyIdByTitle(DEMO_SURVEYS.closed);
  const [firstSection] = surveySectionIds(open);
  return {
    public: ["/surveys", `/surveys/${open}`, `/surveys/${closed}`, `/surveys/${closed}/results`],
    staff: [
      "/hub/surveys",
      "/hub/surveys/new",
      `/hub/surveys/${open}`,
      `/hub/surveys/${open}/questions/new?section=${firstSection}`,
      `/hub/surveys/${open}/paper`,
      `/hub/surveys/${open}/poster`,
      `/hub/surveys/${closed}`,
      // Staff see every cross-tab (small groups hidden) and every written answer.
      `/hub/surveys/${closed}/results`,
    ],
    // The open demo survey is for signed-in residents: its first page of questions.
    resident: [`/surveys/${open}/1`],
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
  // A missing translation shows its key ("poster.invite") instead of words.
  const keys = await page.evaluate(() => {
    const key = /^[a-z][a-zA-Z]*(\.[a-zA-Z]+)+$/;
    const texts = [document.title.split(" · ")[0]!, ...[...document.querySelectorAll("main *")].filter((el) => el.children.length === 0).map((el) => el.textContent ?? "")];
    return texts.map((t) => t.trim()).filter((t) => key.test(t));
  });
  // (The audit log lists its action codes, such as "idea.published", on purpose.)
  if (path !== "/hub/audit") expect(keys, `untranslated keys on ${path} in ${language}`).toEqual([]);
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

    test.slow(); // about fifty pages, each scanned by axe
    const rounds = roundPages();
    const surveys = surveyPages();
    await page.goto(`/?lng=${language}`);
    for (const path of [...PUBLIC_PAGES, ...rounds.public, ...surveys.public]) await checkPage(page, path, language, problems);

    await signIn(page, DEMO.admin.email, DEMO.admin.password);
    await page.goto(`/?lng=${language}`);
    for (const path of [...STAFF_PAGES, ...rounds.staff, ...surveys.staff]) await checkPage(page, path, language, problems);

    // A resident (not staff) on the open survey's first page of questions.
    const resident = await newVisitor(page.context().browser()!, { viewport: { width: 360, height: 780 } });
    const residentProblems: string[] = [];
    resident.on("console", (message) => {
      if (message.type() === "error") residentProblems.push(message.text().slice(0, 200));
    });
    resident.on("pageerror", (error) => residentProblems.push(error.message));
    await signInWithoutForm(resident.context(), DEMO.resident.email, test.info().project.use.baseURL!);
    await resident.goto(`/?lng=${language}`);
    for (const path of surveys.resident) await checkPage(resident, path, language, residentProblems);
    await resident.context().close();
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
