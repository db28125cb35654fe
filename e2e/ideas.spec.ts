// Ideas from a resident's phone to the city's answer, and what moderators do on the way.
import { type Page } from "@playwright/test";
import Database from "better-sqlite3";
import path from "node:path";
import sharp from "sharp";
import { DEMO, expect, expectAccessible, signIn, test } from "./utils";

const IRINA = { email: "irina@khma.test", password: "rustavi-resident-2030" };
const ELVIN = { email: "+995555000101", password: "rustavi-resident-2030" };

/** A phone photo: a JPEG carrying the camera's GPS position in its EXIF. */
async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 900, channels: 3, background: { r: 40, g: 140, b: 70 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: "Khma Phone", Model: "Rustavi 1" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "41/1 32/1 5432/100", GPSLongitudeRef: "E", GPSLongitude: "45/1 0/1 123/100" },
    })
    .toBuffer();
}

function database() {
  return new Database(path.resolve("data/e2e/khma.sqlite"), { readonly: true, fileMustExist: true });
}

async function submitIdea(page: Page, idea: { title: string; description: string; photo?: Buffer }, labels: Record<string, string>) {
  await page.goto("/ideas/new");
  await page.getByLabel(labels.title!).fill(idea.title);
  await page.getByLabel(labels.description!).fill(idea.description);
  await page.getByLabel(labels.goal!).selectOption({ index: 1 });
  await page.getByLabel(labels.district!).selectOption({ index: 2 });
  if (idea.photo) await page.getByLabel(labels.photo!).setInputFiles({ name: "IMG_2041.jpg", mimeType: "image/jpeg", buffer: idea.photo });
  await page.getByRole("checkbox").check();
  await page.getByRole("button", { name: labels.submit }).click();
  await page.waitForURL(/\/ideas\/\d+\?submitted=1/);
  return Number(/\/ideas\/(\d+)/.exec(page.url())![1]);
}

const KA = { title: "სათაური", description: "აღწერა", goal: "გეგმის მიზანი", district: "უბანი", photo: "ფოტო (არასავალდებულო)", submit: "იდეის გაგზავნა" };
const EN = { title: "Title", description: "Description", goal: "Plan goal", district: "District", photo: "Photo (optional)", submit: "Submit the idea" };

/** The moderator (already signed in) approves one waiting idea from the queue. */
async function approve(page: Page, title: string, lng: "ka" | "en") {
  await page.goto(`/hub/ideas?lng=${lng}`);
  await page.getByRole("checkbox", { name: new RegExp(title) }).check();
  await page.getByRole("button", { name: /დამტკიცება|Approve/ }).click();
  await expect(page.getByText(lng === "ka" ? "დამტკიცდა: 1" : "Approved: 1")).toBeVisible();
}

test("in Georgian: a resident's idea with a phone photo is approved, found, supported, answered, and the author hears of it", async ({ browser }) => {
  const stamp = Date.now();
  const title = `წყაროები პარკში ${stamp}`;
  const resident = await (await browser.newContext({ locale: "ka-GE" })).newPage();
  await signIn(resident, DEMO.resident.email, DEMO.resident.password);
  await resident.goto("/ideas/new?lng=ka");
  await expectAccessible(resident);
  const id = await submitIdea(resident, { title, description: "ზაფხულში პარკში დასალევი წყალი არ არის. გთხოვთ, დაამონტაჟოთ წყაროები.", photo: await phonePhoto() }, KA);
  await expect(resident.getByText("გმადლობთ! თქვენი იდეა ელოდება მოდერატორს")).toBeVisible();
  await expectAccessible(resident);

  // The stored photo is a re-encoded WebP without any EXIF or GPS data.
  const db = database();
  const stored = db.prepare("select p.content_type as type, p.data as data from photos p join ideas i on i.photo_id = p.id where i.id = ?").get(id) as { type: string; data: Buffer };
  db.close();
  expect(stored.type).toBe("image/webp");
  const meta = await sharp(stored.data).metadata();
  expect(meta.exif).toBeUndefined();
  expect(stored.data.includes(Buffer.from("GPS"))).toBe(false);

  // Before approval the idea is not public.
  const stranger = await (await browser.newContext({ locale: "ka-GE" })).newPage();
  expect((await stranger.goto(`/ideas/${id}`))?.status()).toBe(404);

  const moderator = await (await browser.newContext({ locale: "ka-GE" })).newPage();
  await signIn(moderator, DEMO.moderator.email, DEMO.moderator.password);
  await approve(moderator, title, "ka");
  await expectAccessible(moderator);

  // A second resident finds it by a word with a different ending, supports and comments.
  const irina = await (await browser.newContext({ locale: "ka-GE" })).newPage();
  await signIn(irina, IRINA.email, IRINA.password);
  await irina.goto("/ideas?lng=ka");
  await irina.getByLabel("იდეების ძიება").fill(`წყარო ${stamp}`);
  await irina.getByRole("button", { name: "ჩვენება" }).click();
  await irina.getByRole("link", { name: title }).click();
  await expect(irina.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(irina.getByRole("img", { name: new RegExp(title) })).toBeVisible();
  await irina.getByRole("button", { name: "მხარდაჭერა" }).click();
  await expect(irina.getByRole("heading", { name: "მხარდაჭერა: 1" })).toBeVisible();
  await irina.getByLabel("თქვენი კომენტარი").fill("კარგი იდეაა, <b>ბავშვებს</b> ძალიან სჭირდებათ.");
  await irina.getByRole("button", { name: "კომენტარის გამოქვეყნება" }).click();
  await expect(irina.getByText("კარგი იდეაა, <b>ბავშვებს</b> ძალიან სჭირდებათ.")).toBeVisible();
  await expectAccessible(irina);

  // The moderator answers and moves it into the plan.
  await moderator.goto(`/hub/ideas/${id}`);
  await moderator.getByLabel("ახალი სტატუსი").selectOption("accepted");
  await moderator.getByLabel("ოფიციალური პასუხი (საჯარო)").fill("წყაროები 2027 წლის ბიუჯეტში შევა.");
  await moderator.getByRole("button", { name: "ცვლილების შენახვა" }).click();
  await expect(moderator.getByText("შენახულია. ავტორს და მხარდამჭერებს ეცნობათ.")).toBeVisible();
  await expectAccessible(moderator);

  await resident.goto("/me");
  await expect(resident.getByRole("link", { name: `„${title}“: შეტანილია გეგმაში` })).toBeVisible();
  await expect(resident.getByText("წყაროები 2027 წლის ბიუჯეტში შევა.")).toBeVisible();
  await expectAccessible(resident);
  await resident.goto(`/ideas/${id}`);
  await expect(resident.getByText("ქალაქის პასუხი")).toBeVisible();
});

test("in English: a duplicate is merged and the supports add up without counting anyone twice", async ({ browser }) => {
  const stamp = Date.now();
  const author = await (await browser.newContext({ locale: "en-GB" })).newPage();
  await signIn(author, DEMO.resident.email, DEMO.resident.password);
  await author.goto("/ideas/new?lng=en");
  const a = await submitIdea(author, { title: `Benches on Station Street ${stamp}`, description: "There is nowhere to sit while waiting for the bus on Station Street." }, EN);
  const b = await submitIdea(author, { title: `More benches near the station ${stamp}`, description: "Please put benches near the station and the bus stops around it." }, EN);
  const moderator = await (await browser.newContext({ locale: "en-GB" })).newPage();
  await signIn(moderator, DEMO.moderator.email, DEMO.moderator.password);
  await approve(moderator, `Benches on Station Street ${stamp}`, "en");
  await approve(moderator, `More benches near the station ${stamp}`, "en");

  // Irina supports both, Elvin only the duplicate.
  for (const [who, ideas] of [[IRINA, [a, b]], [ELVIN, [b]]] as const) {
    const page = await (await browser.newContext({ locale: "en-GB" })).newPage();
    await signIn(page, who.email, who.password);
    for (const id of ideas) {
      await page.goto(`/ideas/${id}?lng=en`);
      await page.getByRole("button", { name: "Support this idea" }).click();
      await expect(page.getByText("You support this idea.")).toBeVisible();
    }
  }

  await moderator.goto(`/hub/ideas/${b}?lng=en`);
  await moderator.getByLabel("Number of the idea that stays").fill(String(a));
  await moderator.getByRole("button", { name: "Merge", exact: true }).click();
  await expect(moderator.getByText("Merged. Supports moved: 1.")).toBeVisible();

  await author.goto(`/ideas/${a}`);
  await expect(author.getByRole("heading", { name: "Supports: 2" })).toBeVisible();
  await author.goto(`/ideas/${b}`);
  await expect(author.getByText("This idea was merged into a similar one.")).toBeVisible();
  await expect(author.getByRole("link", { name: "See the idea it was merged into" })).toHaveAttribute("href", `/ideas/${a}`);
  await expectAccessible(author);
  await author.goto("/me");
  await expect(author.getByRole("link", { name: `“More benches near the station ${stamp}” was merged into a similar idea` })).toBeVisible();
});

test("a comment reported by three residents is hidden, and a removed idea keeps its address", async ({ browser }) => {
  const stamp = Date.now();
  const author = await (await browser.newContext({ locale: "en-GB" })).newPage();
  await signIn(author, DEMO.resident.email, DEMO.resident.password);
  await author.goto("/ideas/new?lng=en");
  const id = await submitIdea(author, { title: `Night buses to Tbilisi ${stamp}`, description: "A night bus to Tbilisi on Fridays and Saturdays would help students and workers." }, EN);
  const moderator = await (await browser.newContext({ locale: "en-GB" })).newPage();
  await signIn(moderator, DEMO.moderator.email, DEMO.moderator.password);
  await approve(moderator, `Night buses to Tbilisi ${stamp}`, "en");

  await author.goto(`/ideas/${id}`);
  await author.getByLabel("Your comment").fill(`Call me on 599 12 34 56 ${stamp}`);
  await author.getByRole("button", { name: "Post the comment" }).click();
  await expect(author.getByText(`Call me on 599 12 34 56 ${stamp}`)).toBeVisible();

  for (const who of [IRINA, ELVIN, DEMO.admin]) {
    const page = await (await browser.newContext({ locale: "en-GB" })).newPage();
    await signIn(page, who.email, who.password);
    await page.goto(`/ideas/${id}?lng=en`);
    const comment = page.getByRole("listitem").filter({ hasText: `Call me on 599 12 34 56 ${stamp}` });
    await comment.getByText("Report this comment").click();
    await comment.getByLabel("Why?").selectOption("personal_data");
    await comment.getByRole("button", { name: "Send the report" }).click();
    await expect(page.getByText("Thank you. A moderator will look at it.")).toBeVisible();
  }
  const visitor = await (await browser.newContext({ locale: "en-GB" })).newPage();
  await visitor.goto(`/ideas/${id}?lng=en`);
  await expect(visitor.getByText(`Call me on 599 12 34 56 ${stamp}`)).toHaveCount(0);
  await expect(visitor.getByText("Hidden after reports from residents until a moderator decides.")).toBeVisible();

  await moderator.goto("/hub/ideas?lng=en");
  await expect(moderator.getByText("Reports: 3")).toBeVisible();
  await expectAccessible(moderator);

  // The moderator removes the idea itself: the address stays, the content goes.
  await moderator.goto(`/hub/ideas/${id}`);
  await moderator.getByLabel("Reason for hiding").selectOption("offensive");
  await moderator.getByRole("button", { name: "Hide the idea" }).click();
  await expect(moderator.getByText("The idea is hidden.")).toBeVisible();
  await visitor.goto(`/ideas/${id}`);
  await expect(visitor.getByRole("heading", { level: 1 })).toHaveText("Removed by moderators");
  await expect(visitor.getByText("Reason: offensive.")).toBeVisible();
  await expect(visitor.getByText(`Night buses to Tbilisi ${stamp}`)).toHaveCount(0);
  await expectAccessible(visitor);

  await moderator.goto("/hub/audit");
  await expect(moderator.getByRole("cell", { name: "idea.hide" }).first()).toBeVisible();
  await expectAccessible(moderator);
});

test("a moderator asks for changes, the author edits and sends again, and a staff correction is shown as such", async ({ browser }) => {
  const stamp = Date.now();
  const author = await (await browser.newContext({ locale: "en-GB" })).newPage();
  await signIn(author, DEMO.resident.email, DEMO.resident.password);
  await author.goto("/ideas/new?lng=en");
  const id = await submitIdea(author, { title: `Shade at the market ${stamp}`, description: "The market needs shade in summer. Call me: 599 00 11 22 for details." }, EN);

  const moderator = await (await browser.newContext({ locale: "en-GB" })).newPage();
  await signIn(moderator, DEMO.moderator.email, DEMO.moderator.password);
  await moderator.goto(`/hub/ideas/${id}?lng=en`);
  await moderator.getByLabel("New status").selectOption("changes_requested");
  await moderator.getByLabel("Note to the author (only the author sees it)").fill("Please say which market: the central one or the one in Old Rustavi?");
  await moderator.getByRole("button", { name: "Save the change" }).click();
  await expect(moderator.getByText("Saved. The author and the supporters are notified.")).toBeVisible();

  await author.goto(`/ideas/${id}`);
  await expect(author.getByText("A moderator asked for changes: Please say which market")).toBeVisible();
  await author.getByRole("link", { name: "Edit and send again" }).click();
  await expectAccessible(author);
  await author.getByLabel("Description").fill("The central market needs shade in summer. Call me: 599 00 11 22 for details.");
  await author.getByRole("button", { name: "Send again" }).click();
  await expect(author.getByText("Thank you! Your idea waits for a moderator")).toBeVisible();

  // Approved, then a moderator removes the phone number: the correction is visible, with the original.
  await approve(moderator, `Shade at the market ${stamp}`, "en");
  await moderator.goto(`/hub/ideas/${id}`);
  await moderator.getByText("Correct the text").click();
  await moderator.getByLabel("Description").fill("The central market needs shade in summer.");
  await moderator.getByLabel("Why (shown to everyone)").fill("a phone number removed");
  await moderator.getByRole("button", { name: "Save the correction" }).click();
  await expect(moderator.getByText("The correction is saved and shown on the idea.")).toBeVisible();

  const visitor = await (await browser.newContext({ locale: "en-GB" })).newPage();
  await visitor.goto(`/ideas/${id}?lng=en`);
  await expect(visitor.locator(".idea-description")).toHaveText("The central market needs shade in summer.");
  await expect(visitor.getByText("Corrected by moderators: a phone number removed")).toBeVisible();
  // The words before the correction may hold what was removed: only the author sees them.
  await expect(visitor.getByText("599 00 11 22")).toHaveCount(0);
  await expectAccessible(visitor);
  await author.goto(`/ideas/${id}`);
  await author.getByText("The text before the correction").click();
  await expect(author.getByText("Call me: 599 00 11 22 for details.").first()).toBeVisible();
});
