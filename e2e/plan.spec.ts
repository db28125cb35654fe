// Issue 6's story on a phone: a resident's idea is accepted in the hub and linked to a measure of the
// development plan; it shows on the goal's page and in "you said, we did"; its author hears of it; a
// progress report moves the measure on; the plan report prints as an A4 PDF with its Georgian text
// intact. Then the plan's public pages in every language at 360 px.
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { DEMO, LANGUAGES, expect, expectAccessible, lastMessageTo, newVisitor, readDatabase, signIn, test } from "./utils";

const stamp = Date.now();
const IDEA = {
  title: `Shade trees on Gagarin Street ${stamp}`,
  description: "Gagarin Street has no shade at all in summer. Please plant a row of trees along the pavement.",
  answer: `City Hall will plant the trees in the autumn planting season (${stamp}).`,
};
/** The demo plan (db/seed/rustavi.ts): the goal and its measure, in Georgian and English. */
const GREEN = { slug: "green-city", ka: "მწვანე ქალაქი", en: "A green city" };
const TREES = { ka: "1000 ახალი ხე", en: "1,000 new trees", progress: 60 };
const CYCLE_PATHS = { ka: "ველობილიკების ქსელი", en: "A cycle path network" };
const REPORT = { ka: `დარგულია 750 ხე (${stamp}).`, en: `750 trees are planted (${stamp}).`, progress: 75 };

const story: { ideaId?: number; moderatorState?: Awaited<ReturnType<BrowserContext["storageState"]>> } = {};

function goalId(slug: string): number {
  const row = readDatabase((db) => db.prepare("select id from goals where slug = ?").get(slug) as { id: number } | undefined);
  if (!row) throw new Error(`no goal ${slug}`);
  return row.id;
}

function measureId(englishTitle: string): number {
  const row = readDatabase((db) => db.prepare("select id from measures where json_extract(title, '$.en') = ? order by id limit 1").get(englishTitle) as { id: number } | undefined);
  if (!row) throw new Error(`no measure ${englishTitle}`);
  return row.id;
}

/** The moderator, signed in once and kept signed in across the story's steps. */
async function moderator(browser: Browser): Promise<Page> {
  if (story.moderatorState) return newVisitor(browser, { storageState: story.moderatorState });
  const page = await newVisitor(browser);
  await signIn(page, DEMO.moderator.email, DEMO.moderator.password);
  story.moderatorState = await page.context().storageState();
  return page;
}

/** All the text of a PDF, page by page, as pdf.js extracts it. */
async function pdfText(pdf: Buffer): Promise<string> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const document = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? `${item.str}${item.hasEOL ? "\n" : ""}` : "")).join(""));
  }
  await document.destroy();
  return pages.join("\n");
}

test.describe.serial("the development plan: from a resident's idea to a measure's progress", () => {
  test("a moderator accepts a resident's idea with an official answer and links it to a measure", async ({ browser }) => {
    // Nino suggests the idea; it waits for a moderator.
    const nino = await newVisitor(browser);
    await signIn(nino, DEMO.resident.email, DEMO.resident.password);
    await nino.goto("/ideas/new?lng=en");
    await nino.getByLabel("Title").fill(IDEA.title);
    await nino.getByLabel("Description").fill(IDEA.description);
    await nino.getByLabel("Plan goal").selectOption({ label: GREEN.en });
    await nino.getByLabel("District").selectOption({ label: "Old Rustavi" });
    await nino.getByRole("checkbox").check();
    await nino.getByRole("button", { name: "Submit the idea" }).click();
    await nino.waitForURL(/\/ideas\/\d+\?submitted=1/);
    story.ideaId = Number(/\/ideas\/(\d+)/.exec(nino.url())![1]);
    await nino.context().close();

    const page = await moderator(browser);
    await page.goto("/hub/ideas?lng=en");
    await page.getByRole("checkbox", { name: new RegExp(IDEA.title) }).check();
    await page.getByRole("button", { name: "Approve the selected ideas" }).click();
    await expect(page.getByText("Approved: 1")).toBeVisible();

    // Accepted into the plan, with an official answer.
    await page.goto(`/hub/ideas/${story.ideaId}?lng=en`);
    const statusForm = page.getByRole("form", { name: "Change the status" });
    await statusForm.getByLabel("New status").selectOption({ label: "Accepted into the plan" });
    await statusForm.getByLabel("Official answer (public)").fill(IDEA.answer);
    await statusForm.getByRole("button", { name: "Save the change" }).click();
    await expect(page.getByText("Saved. The author and the supporters are notified.")).toBeVisible();

    // Linked to the green city's tree-planting measure.
    await page.goto("/hub/plan?lng=en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("The plan");
    await expectAccessible(page);
    const green = page.getByRole("region", { name: GREEN.en });
    await expect(green.getByRole("link", { name: TREES.en })).toBeVisible();
    const panel = green.locator("details", { has: page.locator("summary", { hasText: "Link residents' input" }) });
    await panel.locator("summary").click();
    await panel.getByLabel("What").selectOption("idea");
    await panel.getByLabel("Number").fill(String(story.ideaId));
    await panel.getByLabel("Measure").selectOption({ label: TREES.en });
    await panel.getByRole("button", { name: "Link", exact: true }).click();
    const greenAfter = page.getByRole("region", { name: GREEN.en });
    await expect(greenAfter.getByText("Linked.")).toBeVisible();
    await expectAccessible(page);

    const links = readDatabase((db) => db.prepare("select goal_id as goal, measure_id as measure, kind from plan_links where kind = 'idea' and target_id = ?").all(story.ideaId));
    expect(links).toEqual([{ goal: goalId(GREEN.slug), measure: measureId(TREES.en), kind: "idea" }]);

    // Linking it again is refused.
    const panelAgain = greenAfter.locator("details", { has: page.locator("summary", { hasText: "Link residents' input" }) });
    if (!(await panelAgain.evaluate((d) => (d as HTMLDetailsElement).open))) await panelAgain.locator("summary").click();
    await panelAgain.getByLabel("Number").fill(String(story.ideaId));
    await panelAgain.getByLabel("Measure").selectOption({ label: TREES.en });
    await panelAgain.getByRole("button", { name: "Link", exact: true }).click();
    await expect(page.getByRole("region", { name: GREEN.en }).getByText("This is already linked here.")).toBeVisible();
    await page.context().close();
  });

  test("the idea shows on the goal's page and in “you said, we did” with the measure it went to", async ({ page }) => {
    const green = goalId(GREEN.slug);
    await page.goto(`/plan/${green}?lng=en`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(GREEN.en);
    await expect(page.getByRole("heading", { level: 3, name: TREES.en })).toBeVisible();
    const idea = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: IDEA.title }) });
    await expect(idea).toContainText("Accepted into the plan");
    await expectAccessible(page);

    await page.goto("/results?lng=en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("You said, we did");
    const item = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: IDEA.title }) });
    await expect(item).toContainText("Accepted into the plan");
    await expect(item).toContainText(IDEA.answer);
    await expect(item.getByText(/^Now part of:/)).toContainText(`${TREES.en} · ${TREES.progress}`);
    await expect(item.getByRole("link", { name: TREES.en })).toHaveAttribute("href", `/plan/${green}`);
    // Newest first: the idea accepted a moment ago leads the list.
    await expect(page.locator("ol.timeline > li").first()).toContainText(IDEA.title);
    await expectAccessible(page);

    // Filters: the goal keeps it, another district hides it, and the page says what is chosen.
    await page.getByLabel("Plan goal").selectOption({ label: GREEN.en });
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page).toHaveURL(new RegExp(`goal=${green}`));
    await expect(page.getByRole("heading", { name: IDEA.title })).toBeVisible();
    await page.getByLabel("District (for ideas)").selectOption({ label: "Zhiuli Shartava" });
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page).toHaveURL(/district=\d+/);
    await expect(page.getByRole("heading", { name: IDEA.title })).toHaveCount(0);
    await expect(page.getByLabel("District (for ideas)")).toHaveValue(/\d+/);
    await page.getByLabel("District (for ideas)").selectOption({ label: "Old Rustavi" });
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page.getByRole("heading", { name: IDEA.title })).toBeVisible();
    // Garbage in the address falls back to everything.
    const response = await page.goto("/results?lng=en&goal=abc&district=-1");
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { name: IDEA.title })).toBeVisible();
    await expect(page.getByLabel("Plan goal")).toHaveValue("");
  });

  test("the author finds the news at /me and in her email", async ({ browser }) => {
    const nino = await newVisitor(browser);
    await signIn(nino, DEMO.resident.email, DEMO.resident.password);
    await nino.goto("/me?lng=ka");
    const notices = nino.locator("ul.notifications > li");
    await expect(notices.first()).toContainText(`თქვენი იდეა „${IDEA.title}“ ახლა ქალაქის განვითარების გეგმის ნაწილია: ${TREES.ka}.`);
    // The status change came first, with the official answer.
    await expect(notices.nth(1)).toContainText(IDEA.title);
    await expectAccessible(nino);
    await nino.goto("/me?lng=en");
    await expect(nino.locator("ul.notifications > li").first()).toContainText(`Your idea “${IDEA.title}” is now part of the city's development plan:`);
    await expect(nino.locator("ul.notifications > li").first()).toContainText(`development plan: ${TREES.en}.`);
    const mail = lastMessageTo(DEMO.resident.email);
    expect(mail?.subject).toContain(IDEA.title);
    expect(mail?.subject).toContain(TREES.ka);
    expect(mail?.body).toContain(`/ideas/${story.ideaId}`);
    await nino.context().close();
  });

  test("the moderator publishes a progress report, and the new progress shows on /plan and the goal's page", async ({ browser }) => {
    const page = await moderator(browser);
    const trees = measureId(TREES.en);
    await page.goto(`/hub/plan/measures/${trees}?lng=en`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Measure: ${TREES.en}`);
    await expectAccessible(page);
    const report = page.locator("form#report");
    const text = report.getByRole("group", { name: "What has happened" });
    await text.getByLabel("(required)").fill(REPORT.ka);
    await text.getByLabel("English").fill(REPORT.en);
    await report.getByLabel("Status").selectOption({ label: "In progress" });
    await report.getByLabel("Progress, %").fill("150");
    await report.getByRole("button", { name: "Publish the report" }).click();
    await expect(report.getByLabel("Progress, %")).toHaveAttribute("aria-invalid", "true");
    expect(readDatabase((db) => db.prepare("select progress from measures where id = ?").get(trees))).toEqual({ progress: TREES.progress });
    await report.getByLabel("Progress, %").fill(String(REPORT.progress));
    await report.getByRole("button", { name: "Publish the report" }).click();
    await expect(page.getByText("The report is published.")).toBeVisible();
    await expect(page.locator("ul.updates > li").first()).toContainText(REPORT.en);
    await expectAccessible(page);
    const stored = readDatabase((db) => db.prepare("select status, progress from measures where id = ?").get(trees));
    expect(stored).toEqual({ status: "in_progress", progress: REPORT.progress });
    await page.context().close();

    const visitor = await newVisitor(browser);
    await visitor.goto("/plan?lng=en");
    await expect(visitor.getByRole("heading", { level: 1 })).toHaveText("Rustavi's development plan");
    const bar = visitor.getByRole("progressbar", { name: `Progress of “${TREES.en}”` });
    await expect(bar).toHaveAttribute("value", String(REPORT.progress));
    const line = visitor.locator("ul.measure-list > li").filter({ has: bar });
    await expect(line).toContainText(`${TREES.en} · In progress`);
    await expect(line).toContainText(new RegExp(`${REPORT.progress}\\s%`));
    await expectAccessible(visitor);

    await visitor.getByRole("link", { name: GREEN.en }).click();
    await expect(visitor).toHaveURL(new RegExp(`/plan/${goalId(GREEN.slug)}$`));
    const measure = visitor.locator("article.measure").filter({ has: visitor.getByRole("heading", { name: TREES.en }) });
    await expect(measure.getByRole("progressbar")).toHaveAttribute("value", String(REPORT.progress));
    await expect(measure.locator("ul.updates > li").first()).toContainText(REPORT.en);
    await expect(measure.locator("ul.updates > li").first()).toContainText(new RegExp(`${REPORT.progress}\\s%`));
    // The seed's first report is still there, below.
    await expect(measure.locator("ul.updates > li")).toHaveCount(2);
    await visitor.goto(`/plan/${goalId(GREEN.slug)}?lng=ka`);
    await expect(visitor.locator("article.measure").filter({ hasText: TREES.ka }).locator("ul.updates > li").first()).toContainText(REPORT.ka);
    await visitor.context().close();
  });

  test("the plan report prints to an A4 PDF whose Georgian text is intact", async ({ page }) => {
    await page.goto("/plan/report?lng=ka");
    await expect(page.locator("html")).toHaveAttribute("lang", "ka");
    await expect(page.getByRole("heading", { level: 2, name: GREEN.ka })).toBeVisible();
    await page.emulateMedia({ media: "print" });
    await expect(page.locator(".no-print").first()).toBeHidden();
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = await pdfText(pdf);
    const flat = text.replace(/\s+/g, " ");
    for (const expected of [GREEN.ka, "მობილობა", "სუფთა ჰაერი", TREES.ka, CYCLE_PATHS.ka, REPORT.ka]) {
      expect(flat, `"${expected}" in the PDF`).toContain(expected);
    }
    // The printed text is Georgian letters, not boxes or private-use glyphs.
    expect(text).not.toMatch(/[\uE000-\uF8FF\uFFFD]/);

    // One goal alone, in A4 too.
    await page.goto(`/plan/report?lng=ka&goal=${goalId("mobility")}`);
    const one = await pdfText(await page.pdf({ format: "A4" }));
    expect(one.replace(/\s+/g, " ")).toContain(CYCLE_PATHS.ka);
    expect(one).not.toContain(GREEN.ka);
    expect((await page.goto("/plan/report?goal=999999"))?.status()).toBe(404);
  });
});

test.describe("the plan's public pages in every language at 360 px", () => {
  test.use({ viewport: { width: 360, height: 780 } });

  for (const language of LANGUAGES) {
    test(`/plan, a goal, /results and the report in ${language}: fit the phone, pass axe, no untranslated keys or errors`, async ({ page }) => {
      const problems: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") problems.push(message.text().slice(0, 200));
      });
      page.on("pageerror", (error) => problems.push(error.message));
      const green = goalId(GREEN.slug);
      await page.goto(`/?lng=${language}`);
      for (const path of ["/plan", `/plan/${green}`, `/plan/${goalId("mobility")}`, "/results", `/results?goal=${green}`, "/plan/report", `/plan/report?goal=${green}`]) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(200);
        await expect(page.locator("html")).toHaveAttribute("lang", language);
        expect((await page.title()).trim().length, `title of ${path}`).toBeGreaterThan(0);
        const layout = await page.evaluate(() => ({
          width: document.documentElement.scrollWidth,
          upperCased: [...document.querySelectorAll("body *")].filter((el) => getComputedStyle(el).textTransform === "uppercase").map((el) => el.tagName),
        }));
        expect(layout.width, `${path} in ${language} is wider than the phone`).toBeLessThanOrEqual(360);
        expect(layout.upperCased, `${path} upper-cases text`).toEqual([]);
        const keys = await page.evaluate(() => {
          const key = /^[a-z][a-zA-Z_]*(\.[a-zA-Z_]+)+$/;
          const texts = [document.title.split(" · ")[0]!, ...[...document.querySelectorAll("main *")].filter((el) => el.children.length === 0).map((el) => el.textContent ?? "")];
          return texts.map((t) => t.trim()).filter((t) => key.test(t));
        });
        expect(keys, `untranslated keys on ${path} in ${language}`).toEqual([]);
        await expectAccessible(page);
        expect(problems, `console errors on ${path} in ${language}`).toEqual([]);
      }
    });
  }
});
