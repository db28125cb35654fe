// Issue 4's story on a phone, in Georgian: a moderator builds a participatory budget, residents
// vote (one without JavaScript, one changes the ballot), the vote closes, and the results show
// both budget rules: the Method of Equal Shares funds B and D, the greedy rule A and B.
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "@playwright/test";
import { DEMO, expect, expectAccessible, newVisitor, readDatabase, tbilisiLocalTime, test } from "./utils";

const IRINA = { email: "irina@khma.test", password: "rustavi-resident-2030" };
const ELVIN = { email: "+995555000101", password: "rustavi-resident-2030" };

const stamp = Date.now();
const ROUND_TITLE = `ეზოების ბიუჯეტი ${stamp}`;
// Four projects for a budget of 100 000 GEL.
const PROJECTS = {
  A: { title: "სათამაშო მოედანი ფონიჭალაში", cost: 60_000 },
  B: { title: "სკამები ბულვარზე", cost: 40_000 },
  C: { title: "ველოსადგომები სკოლებთან", cost: 50_000 },
  D: { title: "შადრევნის შეკეთება", cost: 30_000 },
} as const;
type Letter = keyof typeof PROJECTS;

/** Numbers as the Georgian pages write them (the server formats them): "100 000" with a no-break space. */
const gel = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, "\\s?");

/** What the story has built so far: later steps read it, and the moderator stays signed in. */
const story: { roundId?: number; options?: Record<Letter, number>; moderatorState?: Awaited<ReturnType<BrowserContext["storageState"]>> } = {};

/** Signs in through the Georgian sign-in form, then goes on to `redirectTo`. */
async function signInKa(page: Page, identifier: string, password: string, redirectTo = "/me") {
  await page.goto(`/login?${new URLSearchParams({ lng: "ka", redirectTo })}`);
  await page.getByLabel("ელფოსტა ან მობილურის ნომერი").fill(identifier);
  await page.getByLabel("პაროლი", { exact: true }).fill(password);
  await page.getByRole("main").getByRole("button", { name: "შესვლა" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
}

async function resident(browser: Browser, who: { email: string; password: string }, options: BrowserContextOptions = {}) {
  const page = await newVisitor(browser, { locale: "ka-GE", ...options });
  await signInKa(page, who.email, who.password, `/rounds/${story.roundId}`);
  await expect(page).toHaveURL(new RegExp(`/rounds/${story.roundId}$`));
  return page;
}

function ballotOf(email: string) {
  return readDatabase((db) => {
    const rows = db
      .prepare(
        `select b.id as ballot, c.option_id as option from ballots b join users u on u.id = b.user_id
         left join ballot_choices c on c.ballot_id = b.id where b.round_id = ? and (u.email = ? or u.phone = ?) order by c.option_id`,
      )
      .all(story.roundId, email, email) as Array<{ ballot: number; option: number | null }>;
    return { ballots: new Set(rows.map((r) => r.ballot)).size, options: rows.map((r) => r.option) };
  });
}

const ids = (...letters: Letter[]) => letters.map((l) => story.options![l]).sort((a, b) => a - b);

/** The live line of the ballot (aria-live), which appears once the page's script runs. */
const liveStatus = (page: Page) => page.locator("form.ballot [aria-live]");

/** The titles listed on the confirmation page. */
const confirmed = (page: Page) => page.getByRole("main").getByRole("listitem");

test.describe.serial("a participatory budget in Georgian, from the hub to the results", () => {
  test("a moderator builds a 100 000 GEL budget vote with four projects and publishes it", async ({ browser }) => {
    const moderator = await newVisitor(browser, { locale: "ka-GE" });
    await signInKa(moderator, DEMO.moderator.email, DEMO.moderator.password, "/hub/rounds");
    await expect(moderator.getByRole("heading", { level: 1 })).toHaveText("კენჭისყრები");
    await moderator.getByRole("link", { name: "ახალი კენჭისყრა" }).click();
    await expect(moderator.getByRole("heading", { level: 1 })).toHaveText("ახალი კენჭისყრა");
    await expectAccessible(moderator);

    const now = Date.now();
    await moderator.getByRole("group", { name: "სათაური", exact: true }).getByLabel("ენა: ქართული (სავალდებულო)").fill(ROUND_TITLE);
    await moderator.getByRole("group", { name: "აღწერა", exact: true }).getByLabel("ენა: ქართული", { exact: true }).fill("100 000 ლარი ეზოების პროექტებისთვის.");
    await moderator.getByLabel("კენჭისყრის მეთოდი").selectOption({ label: "მონაწილეობითი ბიუჯეტი" });
    await moderator.getByLabel("ბიუჯეტი, ლარი", { exact: true }).fill("100000");
    await moderator.getByLabel("ბიუჯეტის განაწილების წესი").selectOption({ label: "თანაბარი წილების მეთოდი" });
    await moderator.getByLabel("დაწყება", { exact: true }).fill(tbilisiLocalTime(new Date(now - 60_000)));
    await moderator.getByLabel("დასრულება", { exact: true }).fill(tbilisiLocalTime(new Date(now + 86_400_000)));
    await moderator.getByRole("button", { name: "მონახაზის შექმნა" }).click();

    await moderator.waitForURL(/\/hub\/rounds\/\d+\?created=1$/);
    story.roundId = Number(/\/hub\/rounds\/(\d+)/.exec(moderator.url())![1]);
    await expect(moderator.getByRole("heading", { level: 1 })).toHaveText(`კენჭისყრა: ${ROUND_TITLE}`);
    await expect(moderator.getByText("მონახაზი შენახულია. ახლა დაამატეთ ვარიანტები.")).toBeVisible();
    await expect(moderator.getByText("ვარიანტები ჯერ არ არის. გამოქვეყნებამდე დაამატეთ მინიმუმ ორი.")).toBeVisible();
    await expectAccessible(moderator);

    // The projects, one after another, in the "add an option" panel (a <details>).
    const panel = moderator.locator("details", { has: moderator.locator("summary", { hasText: "ვარიანტის დამატება" }) });
    for (const [letter, project] of Object.entries(PROJECTS)) {
      if (!(await panel.evaluate((d) => (d as HTMLDetailsElement).open))) await panel.locator("summary").click();
      await panel.getByRole("group", { name: "ვარიანტის სათაური" }).getByLabel("ენა: ქართული (სავალდებულო)").fill(project.title);
      await panel.getByLabel("ღირებულება, ლარი").fill(String(project.cost));
      await panel.getByRole("button", { name: "ვარიანტის დამატება" }).click();
      await expect(moderator.getByText("ვარიანტი დაემატა.")).toBeVisible();
      await expect(moderator.getByRole("list", { name: "ვარიანტები" }).getByRole("link", { name: project.title, exact: true }), `project ${letter}`).toBeVisible();
    }
    await expect(moderator.getByRole("list", { name: "ვარიანტები" }).getByRole("listitem")).toHaveCount(4);
    await expectAccessible(moderator);

    await moderator.getByRole("button", { name: "გამოქვეყნება" }).click();
    await expect(moderator.getByText("კენჭისყრა გამოქვეყნდა.")).toBeVisible();
    await expect(moderator.getByText("სტატუსი: ღიაა")).toBeVisible();
    // Voting has started: the rules and the projects are fixed now.
    await expect(moderator.getByText("კენჭისყრა დაიწყო, ამიტომ წესები და ვარიანტები აღარ იცვლება", { exact: false })).toBeVisible();
    await expect(moderator.getByRole("button", { name: "ვარიანტის დამატება" })).toHaveCount(0);
    await expectAccessible(moderator);

    const stored = readDatabase((db) => ({
      round: db.prepare("select method, budget, budget_rule as rule, published, json_extract(title, '$.ka') as title from rounds where id = ?").get(story.roundId),
      options: db.prepare("select id, json_extract(title, '$.ka') as title, cost from round_options where round_id = ? order by position").all(story.roundId) as Array<{ id: number; title: string; cost: number }>,
    }));
    expect(stored.round).toEqual({ method: "budget", budget: 100_000, rule: "mes", published: 1, title: ROUND_TITLE });
    expect(stored.options.map((o) => [o.title, o.cost])).toEqual(Object.values(PROJECTS).map((p) => [p.title, p.cost]));
    story.options = Object.fromEntries((Object.keys(PROJECTS) as Letter[]).map((l, i) => [l, stored.options[i]!.id])) as Record<Letter, number>;
    story.moderatorState = await moderator.context().storageState();
    await moderator.context().close();

    // Residents find it among the open votes.
    const visitor = await newVisitor(browser, { locale: "ka-GE" });
    await visitor.goto("/rounds?lng=ka");
    await visitor.getByRole("link", { name: ROUND_TITLE }).click();
    await expect(visitor.getByRole("heading", { level: 1 })).toHaveText(ROUND_TITLE);
    await expect(visitor.getByRole("link", { name: "შედით, რომ ხმა მისცეთ" })).toBeVisible();
    await visitor.context().close();
  });

  test("two residents choose A and B, one of them without JavaScript; the budget counter follows the boxes", async ({ browser }) => {
    // Nino, with JavaScript: the live line adds up the costs as she ticks.
    const nino = await resident(browser, DEMO.resident);
    await expect(nino.getByRole("heading", { name: "თქვენი ბიულეტენი" })).toBeVisible();
    await expect(nino.getByText("აირჩიეთ სასურველი პროექტები. მათი ჯამური ღირებულება არ უნდა აღემატებოდეს ბიუჯეტს", { exact: false })).toBeVisible();
    await expect(liveStatus(nino)).toHaveText(new RegExp(`არჩეულია: 0 / ${gel(100_000)} ლარი\\. დარჩა: ${gel(100_000)}\\.`));
    await expectAccessible(nino);
    await nino.getByRole("checkbox", { name: PROJECTS.A.title, exact: true }).check();
    await expect(liveStatus(nino)).toHaveText(new RegExp(`არჩეულია: ${gel(60_000)} / ${gel(100_000)} ლარი\\. დარჩა: ${gel(40_000)}\\.`));
    await nino.getByRole("checkbox", { name: PROJECTS.C.title, exact: true }).check();
    await expect(liveStatus(nino)).toHaveText(new RegExp(`არჩეულია: ${gel(110_000)} / ${gel(100_000)} ლარი\\. ლიმიტი გადაჭარბებულია`));
    await expectAccessible(nino);
    await nino.getByRole("checkbox", { name: PROJECTS.C.title, exact: true }).uncheck();
    await nino.getByRole("checkbox", { name: PROJECTS.B.title, exact: true }).check();
    await expect(liveStatus(nino)).toHaveText(new RegExp(`არჩეულია: ${gel(100_000)} / ${gel(100_000)} ლარი\\. დარჩა: 0\\.`));
    await nino.getByRole("button", { name: "ხმის მიცემა" }).click();

    await expect(nino).toHaveURL(new RegExp(`/rounds/${story.roundId}/voted$`));
    await expect(nino.getByRole("heading", { level: 1 })).toHaveText("გმადლობთ, რომ ხმა მიეცით");
    await expect(nino.getByRole("status")).toHaveText("თქვენი ბიულეტენი შენახულია და ჩაითვლება.");
    await expect(nino.getByText(`თქვენი ბიულეტენი კენჭისყრაში „${ROUND_TITLE}“:`)).toBeVisible();
    await expect(confirmed(nino)).toHaveText([PROJECTS.A.title, PROJECTS.B.title]);
    await expectAccessible(nino);
    expect(ballotOf(DEMO.resident.email)).toEqual({ ballots: 1, options: ids("A", "B") });

    // Irina's phone has JavaScript off: the same plain form, no live line, the same result.
    const irina = await resident(browser, IRINA, { javaScriptEnabled: false });
    await expect(irina.getByRole("heading", { name: "თქვენი ბიულეტენი" })).toBeVisible();
    await expect(liveStatus(irina)).toHaveCount(0);
    await expectAccessible(irina, { scriptsOff: true });
    await irina.getByRole("checkbox", { name: PROJECTS.A.title, exact: true }).check();
    await irina.getByRole("checkbox", { name: PROJECTS.B.title, exact: true }).check();
    await irina.getByRole("button", { name: "ხმის მიცემა" }).click();
    await expect(irina).toHaveURL(new RegExp(`/rounds/${story.roundId}/voted$`));
    await expect(irina.getByRole("heading", { level: 1 })).toHaveText("გმადლობთ, რომ ხმა მიეცით");
    await expect(confirmed(irina)).toHaveText([PROJECTS.A.title, PROJECTS.B.title]);
    await expectAccessible(irina, { scriptsOff: true });
    expect(ballotOf(IRINA.email)).toEqual({ ballots: 1, options: ids("A", "B") });

    // Without JavaScript the server still refuses a ballot over the budget, and keeps the choice.
    await irina.goto(`/rounds/${story.roundId}`);
    await expect(irina.getByText("თქვენი ბიულეტენი ჩათვლილია. კენჭისყრის დასრულებამდე მისი შეცვლა ქვემოთ შეგიძლიათ.")).toBeVisible();
    await irina.getByRole("checkbox", { name: PROJECTS.C.title, exact: true }).check();
    await irina.getByRole("button", { name: "შეცვლილი ბიულეტენის შენახვა" }).click();
    await expect(irina.getByRole("alert")).toHaveText("არჩეული პროექტების ღირებულება ბიუჯეტს აღემატება. გთხოვთ, ერთი მათგანი მოხსნათ.");
    await expect(irina.getByRole("checkbox", { name: PROJECTS.C.title, exact: true })).toBeChecked();
    await expectAccessible(irina, { scriptsOff: true });
    expect(ballotOf(IRINA.email), "the refused change leaves the ballot as it was").toEqual({ ballots: 1, options: ids("A", "B") });
    await nino.context().close();
    await irina.context().close();
  });

  test("a resident chooses A alone, then changes the ballot to C and D: the change replaces the first", async ({ browser }) => {
    const elvin = await resident(browser, ELVIN);
    await elvin.getByRole("checkbox", { name: PROJECTS.A.title, exact: true }).check();
    await expect(liveStatus(elvin)).toHaveText(new RegExp(`არჩეულია: ${gel(60_000)} / ${gel(100_000)} ლარი`));
    await elvin.getByRole("button", { name: "ხმის მიცემა" }).click();
    await expect(elvin).toHaveURL(new RegExp(`/rounds/${story.roundId}/voted$`));
    await expect(confirmed(elvin)).toHaveText([PROJECTS.A.title]);
    expect(ballotOf(ELVIN.email)).toEqual({ ballots: 1, options: ids("A") });

    await elvin.getByRole("link", { name: "ბიულეტენის შეცვლა" }).click();
    await expect(elvin.getByText("თქვენი ბიულეტენი ჩათვლილია. კენჭისყრის დასრულებამდე მისი შეცვლა ქვემოთ შეგიძლიათ.")).toBeVisible();
    // The ballot comes back as it was cast.
    await expect(elvin.getByRole("checkbox", { name: PROJECTS.A.title, exact: true })).toBeChecked();
    await expect(liveStatus(elvin)).toHaveText(new RegExp(`არჩეულია: ${gel(60_000)} / ${gel(100_000)} ლარი`));
    await elvin.getByRole("checkbox", { name: PROJECTS.A.title, exact: true }).uncheck();
    await elvin.getByRole("checkbox", { name: PROJECTS.C.title, exact: true }).check();
    await elvin.getByRole("checkbox", { name: PROJECTS.D.title, exact: true }).check();
    await expect(liveStatus(elvin)).toHaveText(new RegExp(`არჩეულია: ${gel(80_000)} / ${gel(100_000)} ლარი\\. დარჩა: ${gel(20_000)}\\.`));
    await expectAccessible(elvin);
    await elvin.getByRole("button", { name: "შეცვლილი ბიულეტენის შენახვა" }).click();

    await expect(elvin).toHaveURL(new RegExp(`/rounds/${story.roundId}/voted$`));
    await expect(confirmed(elvin)).toHaveText([PROJECTS.C.title, PROJECTS.D.title]);
    await expect(elvin.getByText(PROJECTS.A.title)).toHaveCount(0);
    await expect(elvin.getByText("ჩაითვლება მხოლოდ ბოლო ბიულეტენი.", { exact: false })).toBeVisible();
    await expectAccessible(elvin);
    // Still one ballot for the account, now saying C and D only.
    expect(ballotOf(ELVIN.email)).toEqual({ ballots: 1, options: ids("C", "D") });
    expect(readDatabase((db) => db.prepare("select count(*) as n from ballots where round_id = ?").get(story.roundId))).toEqual({ n: 3 });
    await elvin.context().close();
  });

  test("the moderator closes the vote: Equal Shares funds B and D, the greedy rule A and B, and the API agrees", async ({ browser, request }) => {
    // While the vote is open its results are not public (the round shows them after it closes).
    const visitor = await newVisitor(browser, { locale: "ka-GE" });
    await visitor.goto(`/rounds/${story.roundId}/results?lng=ka`);
    await expect(visitor.getByText("შედეგები გამოქვეყნდება კენჭისყრის დასრულებისას", { exact: false })).toBeVisible();
    expect((await request.get(`/api/v1/rounds/${story.roundId}/results`)).status()).toBe(404);

    const moderatorContext = await browser.newContext({ locale: "ka-GE", storageState: story.moderatorState, extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.251" } });
    const moderator = await moderatorContext.newPage();
    await moderator.goto(`/hub/rounds/${story.roundId}?lng=ka`);
    await expect(moderator.getByText("ბიულეტენები: 3", { exact: false })).toBeVisible();
    await moderator.getByRole("button", { name: "კენჭისყრის ახლავე დასრულება" }).click();
    await expect(moderator.getByText("კენჭისყრა დასრულდა.")).toBeVisible();
    await expect(moderator.getByText("სტატუსი: დასრულებულია")).toBeVisible();
    await expect(moderator.getByRole("button", { name: "კენჭისყრის ახლავე დასრულება" })).toHaveCount(0);
    await expectAccessible(moderator);
    await moderatorContext.close();

    await visitor.goto(`/rounds/${story.roundId}`);
    await expect(visitor.getByText(/^კენჭისყრა დასრულდა: /)).toBeVisible();
    await visitor.getByRole("link", { name: "შედეგების ნახვა" }).click();
    await expect(visitor).toHaveURL(new RegExp(`/rounds/${story.roundId}/results$`));
    await expect(visitor.getByRole("heading", { level: 1 })).toHaveText(`შედეგები: ${ROUND_TITLE}`);
    // Three ballots in all: a total under five is not published, to protect the voters' privacy.
    await expect(visitor.getByRole("definition").first()).toHaveText("5-ზე ნაკლები");
    await expect(visitor.getByText("ამ კენჭისყრის შედეგს განსაზღვრავს თანაბარი წილების მეთოდი.")).toBeVisible();
    await expect(visitor.getByText(new RegExp(`^${gel(70_000)} ლარი ${gel(100_000)} ლარიდან$`))).toBeVisible();
    await expect(visitor.getByText(new RegExp(`შედარებისთვის: ყველაზე მეტი ხმის წესი დააფინანსებდა 2 პროექტს, ჯამში ${gel(100_000)} ლარით\\.`))).toBeVisible();
    await expect(visitor.getByRole("img", { name: `„${ROUND_TITLE}“: შედეგები დიაგრამაზე; იგივე რიცხვები ქვემოთ, ცხრილშია.` })).toBeVisible();

    // The table: one row per project, the deciding rule's column first, then the other rule's.
    const table = visitor.getByRole("region", { name: "შედეგების ცხრილი" }).getByRole("table");
    await expect(table.getByRole("columnheader")).toHaveText(["ვარიანტი", "ბიულეტენები", "ღირებულება, ლარი", "დაფინანსება (თანაბარი წილების მეთოდი)", "დაფინანსება (ყველაზე მეტი ხმის წესი)"]);
    const expected: Record<Letter, { ballots: string; mes: string; greedy: string }> = {
      A: { ballots: "2", mes: "არ ფინანსდება", greedy: "ფინანსდება" },
      B: { ballots: "2", mes: "ფინანსდება", greedy: "ფინანსდება" },
      C: { ballots: "1", mes: "არ ფინანსდება", greedy: "არ ფინანსდება" },
      D: { ballots: "1", mes: "ფინანსდება", greedy: "არ ფინანსდება" },
    };
    await expect(table.getByRole("row")).toHaveCount(5);
    for (const letter of Object.keys(PROJECTS) as Letter[]) {
      const row = table.getByRole("row").filter({ has: visitor.getByRole("rowheader", { name: PROJECTS[letter].title, exact: true }) });
      const { ballots, mes, greedy } = expected[letter];
      await expect(row.getByRole("cell"), `row of project ${letter}`).toHaveText([ballots, new RegExp(`^${gel(PROJECTS[letter].cost)}$`), mes, greedy]);
    }
    await expectAccessible(visitor);
    // The page as the server writes it, in Georgian digits.
    const html = await (await request.get(`/rounds/${story.roundId}/results?lng=ka`)).text();
    expect(html).toMatch(new RegExp(`<dd>${gel(70_000)} ლარი ${gel(100_000)} ლარიდან</dd>`));
    expect(html).toMatch(new RegExp(`<td>${gel(60_000)}</td>`));

    // The open data says the same.
    const api = await request.get(`/api/v1/rounds/${story.roundId}/results?lng=ka`);
    expect(api.status()).toBe(200);
    const data = (await api.json()) as {
      phase: string;
      method: string;
      budget: { amount: number; rule: string; mes: { funded: number[]; spent: number }; greedy: { funded: number[]; spent: number } };
      turnout: { total: number | null };
      options: Array<{ id: number; title: string; ballots: number; cost: number; funded: { mes: boolean; greedy: boolean } }>;
    };
    expect(data.phase).toBe("closed");
    expect(data.method).toBe("budget");
    expect(data.turnout.total).toBeNull();
    expect(data.budget.amount).toBe(100_000);
    expect(data.budget.rule).toBe("mes");
    expect([...data.budget.mes.funded].sort((a, b) => a - b)).toEqual(ids("B", "D"));
    expect(data.budget.mes.spent).toBe(70_000);
    expect([...data.budget.greedy.funded].sort((a, b) => a - b)).toEqual(ids("A", "B"));
    expect(data.budget.greedy.spent).toBe(100_000);
    for (const letter of Object.keys(PROJECTS) as Letter[]) {
      const option = data.options.find((o) => o.id === story.options![letter]);
      expect(option, `project ${letter} in the API`).toMatchObject({
        title: PROJECTS[letter].title,
        cost: PROJECTS[letter].cost,
        ballots: Number(expected[letter].ballots),
        funded: { mes: expected[letter].mes === "ფინანსდება", greedy: expected[letter].greedy === "ფინანსდება" },
      });
    }
    await visitor.context().close();
  });
});
