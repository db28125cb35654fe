// The foundation's journey, run twice: with JavaScript (phone) and without (phone-no-js).
import { DEMO, LANGUAGES, expect, expectAccessible, lastMessageTo, signIn, submitSignIn, test } from "./utils";

const HEADINGS = {
  ka: "მიიღეთ მონაწილეობა ქალაქის განვითარებაში",
  en: "Have your say in Rustavi",
  az: "Şəhərin inkişafında iştirak edin",
  ru: "Участвуйте в развитии города",
} as const;

test("a visitor reads the home page in Georgian first and switches to each language", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "ka");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(HEADINGS.ka);
  await expectAccessible(page);

  for (const lng of LANGUAGES) {
    await page.getByRole("navigation", { name: /ენა|Language|Dil|Язык/ }).locator(`a[hreflang="${lng}"]`).click();
    await expect(page.locator("html")).toHaveAttribute("lang", lng);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(HEADINGS[lng]);
    await expectAccessible(page);
    // The choice is remembered: a plain link keeps the language.
    await page.goto("/login");
    await expect(page.locator("html")).toHaveAttribute("lang", lng);
    await page.goto("/");
  }
});

test("a resident registers, signs out, signs in, and is kept out of the hub", async ({ page }, testInfo) => {
  const email = `tamar.${testInfo.project.name}.${Date.now()}@example.ge`;
  await page.goto("/join?lng=en");
  await expectAccessible(page);

  // A mistake first: the page says what is wrong and keeps what was typed.
  await page.getByLabel("Your name").fill("თამარ <b>ჯაფარიძე</b>");
  await page.getByLabel("Email or mobile number").fill(email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Register" }).click();
  await expect(page.getByText("Please use letters, spaces, hyphens and apostrophes only.")).toBeVisible();
  await expect(page.getByText("The password needs at least 8 characters.")).toBeVisible();
  await expect(page.getByText("Please confirm that you agree to continue.")).toBeVisible();
  await expect(page.getByLabel("Email or mobile number")).toHaveValue(email);
  await expectAccessible(page);

  await page.getByLabel("Your name").fill("თამარ ჯაფარიძე");
  await page.getByLabel("Password").fill("a good long password");
  await page.getByRole("checkbox").check();
  await page.getByRole("button", { name: "Register" }).click();

  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My account");
  await expect(page.getByText("თამარ ჯაფარიძე")).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("main").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByText("You have signed out.")).toBeVisible();
  await expectAccessible(page);

  // A wrong password: the same answer as an unknown account.
  await submitSignIn(page, email, "not the password");
  await expect(page.getByText("The email, number or password is not right.")).toBeVisible();
  await expect(page.getByLabel("Email or mobile number")).toHaveValue(email);

  await signIn(page, email, "a good long password");
  await expect(page).toHaveURL(/\/me$/);

  const refused = await page.goto("/hub");
  expect(refused?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Access denied");
  await expectAccessible(page);
});

test("a resident who forgot the password sets a new one with a code", async ({ page }, testInfo) => {
  const email = `giorgi.${testInfo.project.name}.${Date.now()}@example.ge`;
  await page.goto("/join?lng=ka");
  await page.getByLabel("თქვენი სახელი").fill("გიორგი მაისურაძე");
  await page.getByLabel("ელფოსტა ან მობილურის ნომერი").fill(email);
  await page.getByLabel("პაროლი").fill("first password 1");
  await page.getByRole("checkbox").check();
  await page.getByRole("main").getByRole("button", { name: "რეგისტრაცია" }).click();
  await expect(page).toHaveURL(/\/me$/);
  await page.getByRole("main").getByRole("button", { name: "გასვლა" }).click();

  await page.goto("/reset");
  await expectAccessible(page);
  await page.getByLabel("ელფოსტა ან მობილურის ნომერი").fill(email);
  await page.getByRole("button", { name: "კოდის გაგზავნა" }).click();
  await expect(page.getByText(`თუ ${email} რომელიმე ანგარიშს ეკუთვნის`)).toBeVisible();
  await expectAccessible(page);

  const message = lastMessageTo(email);
  const code = /(\d{6})/.exec(message?.body ?? "")?.[1];
  expect(code, "a six-digit code in the outbox").toBeTruthy();

  await page.getByLabel("კოდი").fill("000000" === code ? "111111" : "000000");
  await page.getByLabel("ახალი პაროლი").fill("second password 2");
  await page.getByRole("button", { name: "ახალი პაროლის დაყენება" }).click();
  await expect(page.getByText("კოდი არასწორია ან ვადა გაუვიდა. მოითხოვეთ ახალი.")).toBeVisible();

  await page.getByLabel("კოდი").fill(code!);
  await page.getByLabel("ახალი პაროლი").fill("second password 2");
  await page.getByRole("button", { name: "ახალი პაროლის დაყენება" }).click();
  await expect(page).toHaveURL(/\/login\?reset=1/);
  await expect(page.getByText("პაროლი შეიცვალა.", { exact: false })).toBeVisible();

  await signIn(page, email, "second password 2");
  await expect(page).toHaveURL(/\/me$/);
});

test("an admin reaches the hub and adds a moderator", async ({ page }, testInfo) => {
  const staffEmail = `levan.${testInfo.project.name}.${Date.now()}@rustavi.example.ge`;
  await signIn(page, DEMO.admin.email, DEMO.admin.password);
  await page.goto("/hub?lng=en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hub");
  await expectAccessible(page);

  await page.getByRole("link", { name: "Staff" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Staff accounts");
  await expectAccessible(page);
  await page.getByLabel("Name", { exact: true }).fill("ლევან ნოზაძე");
  await page.getByLabel("Work email").fill(staffEmail);
  await page.getByLabel("Role").selectOption("moderator");
  await page.getByRole("button", { name: "Create the account" }).click();
  await expect(page.getByText(`A code to set the password was sent to ${staffEmail}`)).toBeVisible();
  await expect(page.getByRole("cell", { name: staffEmail })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: "Outbox" }).click();
  await expect(page.getByRole("cell", { name: staffEmail }).first()).toBeVisible();
  await expectAccessible(page);
});

test("a moderator reaches the hub but not the staff page; a visitor is sent to sign in", async ({ page }) => {
  const anonymous = await page.goto("/hub?lng=en");
  expect(anonymous?.status()).toBe(200);
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fhub/);

  await page.getByLabel("Email or mobile number").fill(DEMO.moderator.email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO.moderator.password);
  await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/hub(\?lng=en)?$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hub");
  await expect(page.getByRole("link", { name: "Staff" })).toHaveCount(0);

  const staff = await page.goto("/hub/staff");
  expect(staff?.status()).toBe(403);
});
