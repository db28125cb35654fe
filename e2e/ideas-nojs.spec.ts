// Ideas on a phone with JavaScript off: the preview step shows similar ideas, forms still work.
import { DEMO, expect, expectAccessible, signIn, test } from "./utils";

test("without JavaScript a resident previews similar ideas, submits, supports and replies", async ({ page }) => {
  await signIn(page, DEMO.resident.email, DEMO.resident.password);
  await page.goto("/ideas/new?lng=en");
  const title = `Велодорожка у моста ${Date.now()}`;
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Description").fill("Нужна велодорожка у нового моста, чтобы дети ездили в школу безопасно.");
  await page.getByRole("button", { name: "Check for similar ideas" }).click();
  await expect(page.getByRole("heading", { name: "Similar ideas" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Велодорожка вдоль Куры" })).toBeVisible();
  await expect(page.getByLabel("Title")).toHaveValue(title);
  await expectAccessible(page);

  await page.getByLabel("Plan goal").selectOption({ label: "Mobility" });
  await page.getByLabel("District").selectOption({ label: "Shota Rustaveli" });
  await page.getByRole("checkbox").check();
  await page.getByRole("button", { name: "Submit the idea" }).click();
  await expect(page.getByText("Thank you! Your idea waits for a moderator")).toBeVisible();

  // Elvin's demo idea: support it, then reply to a comment inside a <details> element.
  await page.goto("/ideas/3");
  await page.getByRole("button", { name: "Support this idea" }).click();
  await expect(page.getByText("You support this idea.")).toBeVisible();
  await page.getByLabel("Your comment").fill("Çox yaxşı fikirdir, dəstəkləyirəm!");
  await page.getByRole("button", { name: "Post the comment" }).click();
  const comment = page.getByRole("listitem").filter({ hasText: "Çox yaxşı fikirdir, dəstəkləyirəm!" }).first();
  await comment.getByText(/Reply to/).click();
  await comment.getByLabel("Your reply").fill("Мы тоже за!");
  await comment.getByRole("button", { name: "Post the reply" }).click();
  await expect(page.locator(".replies").getByText("Мы тоже за!").first()).toBeVisible();
  await expectAccessible(page);
});
