// Surveys on a phone with JavaScript off: the hub's question form shows only the fields of the
// chosen type (CSS alone), a draft can be previewed without counting, and "Other" needs its text.
import { DEMO, DEMO_SURVEYS, expect, expectAccessible, newVisitor, readDatabase, signIn, surveyIdByTitle, test } from "./utils";

const IRINA = { email: "irina@khma.test", password: "rustavi-resident-2030" };

// Only the phone-no-js project runs this file's point (the phone project does not ignore it).
test.skip(({ javaScriptEnabled }) => javaScriptEnabled !== false, "a spec for phones without JavaScript");

test("without JavaScript staff add a number question to a draft and preview it; nothing is counted", async ({ page }) => {
  await signIn(page, DEMO.moderator.email, DEMO.moderator.password);
  await page.goto("/hub/surveys/new?lng=en");
  const title = `Nojs draft ${Date.now()}`;
  await page.getByRole("group", { name: "Title", exact: true }).getByLabel("In ქართული (required)").fill(`მონახაზი ${title}`);
  await page.getByRole("group", { name: "Title", exact: true }).getByLabel("In English").fill(title);
  // The default period starts tomorrow: a draft that residents cannot see yet.
  await page.getByRole("button", { name: "Create the draft" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Survey: ${title}`);
  await expect(page.getByText(/^Status: Draft/)).toBeVisible();
  const surveyId = Number(/\/hub\/surveys\/(\d+)/.exec(page.url())![1]);

  await page.getByRole("link", { name: "Add a question" }).click();
  const form = page.locator("form.question-form");
  await form.getByLabel("Type of question").selectOption({ label: "Number" });
  // Only the number's own fields show (the page's CSS, no script).
  await expect(form.getByRole("group", { name: "Choices (or table rows)" })).toBeHidden();
  await expect(form.getByLabel("Offer “Other, please say”")).toBeHidden();
  await expect(form.getByLabel("Scale", { exact: true })).toBeHidden();
  await expect(form.getByLabel("Smallest number allowed (optional)")).toBeVisible();
  await form.getByRole("group", { name: "Question", exact: true }).getByLabel("In ქართული (required)").fill("რამდენი ბავშვი გყავთ?");
  await form.getByRole("group", { name: "Question", exact: true }).getByLabel("In English").fill("How many children do you have?");
  await form.getByLabel("Smallest number allowed (optional)").fill("0");
  await form.getByLabel("Largest number allowed (optional)").fill("15");
  await expect(page.getByText("A question can depend on a choice question of an earlier page; there is none yet.")).toBeVisible();
  await expectAccessible(page);
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved.");
  await expect(page.getByRole("link", { name: "How many children do you have?", exact: true })).toBeVisible();

  // The preview: the whole path works, and says that nothing counts.
  await page.getByRole("link", { name: "Preview", exact: true }).click();
  await expect(page.getByRole("alert")).toHaveText("Preview: residents cannot see this survey until it is published, and answers given here are not counted.");
  await page.getByRole("link", { name: "Start the survey" }).click();
  await expect(page).toHaveURL(new RegExp(`/surveys/${surveyId}/1$`));
  await page.getByLabel("How many children do you have?").fill("two");
  await page.getByRole("button", { name: "Send my answers" }).click();
  await expect(page.getByLabel("How many children do you have?")).toHaveAccessibleDescription("From 0 to 15. Please enter a number, for example 12 or 3.5.");
  await expect(page.getByLabel("How many children do you have?")).toHaveValue("two");
  await expectAccessible(page);
  await page.getByLabel("How many children do you have?").fill("2");
  await page.getByRole("button", { name: "Send my answers" }).click();
  await expect(page.getByText("This is a preview or the survey is not open: answers are not counted.")).toBeVisible();
  expect(readDatabase((db) => db.prepare("select count(*) as n from survey_responses where survey_id = ?").get(surveyId))).toEqual({ n: 0 });

  // Residents do not find the draft.
  const visitor = await newVisitor(page.context().browser()!);
  expect((await visitor.goto(`/surveys/${surveyId}?lng=en`))?.status()).toBe(404);
  await visitor.goto("/surveys?lng=en");
  await expect(visitor.getByRole("link", { name: title })).toHaveCount(0);
  await visitor.context().close();
});

test("without JavaScript a resident answers the open demo survey with “Other”, which needs its text", async ({ page }) => {
  const surveyId = surveyIdByTitle(DEMO_SURVEYS.open);
  // Signed out, the survey asks to sign in first.
  await page.goto(`/surveys/${surveyId}?lng=en`);
  await expect(page.getByRole("link", { name: "Sign in to answer" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Start the survey" })).toHaveCount(0);

  await signIn(page, IRINA.email, IRINA.password);
  await page.goto(`/surveys/${surveyId}?lng=en`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(DEMO_SURVEYS.open);
  await page.getByRole("link", { name: "Start the survey" }).click();
  const travel = page.getByRole("group", { name: "How do you usually get to work or study?" });
  await travel.getByRole("radio", { name: "Other" }).check();
  await page.getByRole("button", { name: "Next" }).click();
  await expect(travel).toHaveAccessibleDescription("You chose “Other”: please say what.");
  await expect(travel.getByRole("radio", { name: "Other" })).toBeChecked();
  await expectAccessible(page);
  await travel.getByLabel("Other, please say").fill("Marshrutka and then on foot");
  await page.getByRole("button", { name: "Next" }).click();

  await expect(page).toHaveURL(new RegExp(`/surveys/${surveyId}/about$`));
  await page.getByRole("button", { name: "Send my answers" }).click();
  await expect(page).toHaveURL(new RegExp(`/surveys/${surveyId}/done$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you for your answers");
  await expectAccessible(page);

  // The "Other" text is stored with the answer; the response has no account (the survey is anonymous).
  const stored = readDatabase((db) =>
    db
      .prepare("select a.text from survey_answers a join survey_responses r on r.id = a.response_id where r.survey_id = ? and a.option_id is null and a.text is not null")
      .all(surveyId),
  );
  expect(stored).toContainEqual({ text: "Marshrutka and then on foot" });
  // Once answered, the survey says so instead of offering to start again.
  await page.goto(`/surveys/${surveyId}`);
  await expect(page.getByText("You have already answered this survey. Thank you!")).toBeVisible();
});
