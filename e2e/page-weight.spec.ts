// Page weight on a first visit (an empty cache), as a resident's phone downloads it: every
// response's body as it came over the wire (compressed), HTML, CSS, JavaScript and fonts. The home
// page, the ideas list, a ballot and a survey page must each stay under 200 kB in all, and under
// 120 kB of JavaScript (issue 7).
import { DEMO, DEMO_ROUNDS, DEMO_SURVEYS, expect, newVisitor, roundIdByTitle, signIn, surveyIdByTitle, test } from "./utils";

const TOTAL_LIMIT = 200 * 1024;
const SCRIPT_LIMIT = 120 * 1024;

type Weight = { total: number; scripts: number; requests: number; largest: Array<[string, number]> };

async function weigh(page: import("@playwright/test").Page, path: string): Promise<Weight> {
  const responses: import("@playwright/test").Response[] = [];
  const listener = (r: import("@playwright/test").Response) => void responses.push(r);
  page.on("response", listener);
  await page.goto(path, { waitUntil: "networkidle" });
  page.off("response", listener);
  const weight: Weight = { total: 0, scripts: 0, requests: 0, largest: [] };
  for (const response of responses) {
    const sizes = await response.request().sizes();
    // responseBodySize is the body as transferred (after compression).
    const bytes = sizes.responseBodySize + sizes.responseHeadersSize;
    weight.total += bytes;
    weight.requests += 1;
    if (response.request().resourceType() === "script") weight.scripts += bytes;
    weight.largest.push([new URL(response.url()).pathname, bytes]);
  }
  weight.largest.sort((a, b) => b[1] - a[1]).splice(5);
  return weight;
}

test("the home page, the ideas list, a ballot and a survey page each load under 200 kB, with under 120 kB of JavaScript", async ({ browser }) => {
  const round = roundIdByTitle(DEMO_ROUNDS.priorities);
  const survey = surveyIdByTitle(DEMO_SURVEYS.open);
  const pages: Array<{ path: string; signedIn: boolean }> = [
    { path: "/", signedIn: false },
    { path: "/ideas", signedIn: false },
    { path: `/rounds/${round}`, signedIn: true },
    { path: `/surveys/${survey}`, signedIn: false },
  ];
  const report: string[] = [];
  for (const { path, signedIn } of pages) {
    // A new browser context each time: nothing cached, as on a first visit.
    const page = await newVisitor(browser);
    if (signedIn) {
      await signIn(page, DEMO.resident.email, DEMO.resident.password);
      // Signing in loaded the assets; weigh the ballot in a fresh context with the session only.
      const state = await page.context().storageState();
      await page.context().close();
      const fresh = await newVisitor(browser, { storageState: state });
      const weight = await weigh(fresh, path);
      report.push(`${path}: ${(weight.total / 1024).toFixed(1)} kB in ${weight.requests} requests, ${(weight.scripts / 1024).toFixed(1)} kB JavaScript`);
      expect(weight.total, `${path}: ${JSON.stringify(weight.largest)}`).toBeLessThan(TOTAL_LIMIT);
      expect(weight.scripts, `${path}: ${JSON.stringify(weight.largest)}`).toBeLessThan(SCRIPT_LIMIT);
      await fresh.context().close();
      continue;
    }
    const weight = await weigh(page, path);
    report.push(`${path}: ${(weight.total / 1024).toFixed(1)} kB in ${weight.requests} requests, ${(weight.scripts / 1024).toFixed(1)} kB JavaScript`);
    expect(weight.total, `${path}: ${JSON.stringify(weight.largest)}`).toBeLessThan(TOTAL_LIMIT);
    expect(weight.scripts, `${path}: ${JSON.stringify(weight.largest)}`).toBeLessThan(SCRIPT_LIMIT);
    await page.context().close();
  }
  test.info().annotations.push({ type: "page weight", description: report.join("; ") });
  console.log(report.join("\n"));
});
