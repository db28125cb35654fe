// /hub/insights and its exports, as staff use them: who may see them, filters that fall back to
// their defaults instead of failing, numbers formatted on the server in the page's language, the
// page as HTML (tables with headers, charts as images with a title, the GET filter form), the CSV
// (BOM, headers in the page's language, formulas escaped) and the XLSX read back.
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { ComponentType } from "react";
import { beforeAll, describe, expect, it } from "vitest";
import { defaultFrom, localToday } from "~/models/insights.server";
import { listDistricts, listGoals } from "~/models/municipality.server";
import { createUser } from "~/models/users.server";
import { getDb } from "~/utils/db.server";
import { LANGUAGES, type Language } from "~/utils/i18n";
import { getI18n } from "~/utils/i18n.server";
import { signedInDemo, type DemoName } from "../../test/accounts";
import { call, getRequest } from "../../test/requests";
import { renderHtml } from "../../test/render";
import InsightsPage, { loader as pageLoader } from "./hub.insights";
import { loader as csvLoader } from "./hub.insights[.]csv";
import { loader as xlsxLoader } from "./hub.insights[.]xlsx";

const HOUR = 3_600_000;
/** A wall-clock time in Tbilisi (UTC+4), as stored. */
const at = (day: string, hour = 12) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)), hour) - 4 * HOUR;
const FEBRUARY = "from=2025-02-03&to=2025-02-16";
const FORMULA = '=HYPERLINK("http://example.test","click")';


type Who = DemoName | null;
let cookies = {} as Record<DemoName, string>;
let ideaId = 0;

beforeAll(async () => {
  ({ cookies } = await signedInDemo());
  const [d0] = listDistricts().map((d) => d.id);
  const [g0] = listGoals().map((g) => g.id);
  // Two weeks of February 2025: six supporters of an idea whose title looks like a formula,
  // six survey responses of women aged 25–34 and two of men aged 65+ (a small group).
  const supporters = Array.from({ length: 6 }, (_, i) => {
    const user = createUser({ displayName: `Insights Route${i}`, identifier: { kind: "email", value: `route${i}@insights.test` }, passwordHash: "x" })!;
    getDb().run(sql`update users set district_id = ${d0!}, created_at = ${at("2025-02-04")} where id = ${user.id}`);
    return user.id;
  });
  ideaId = getDb().get<{ id: number }>(sql`
    insert into ideas (author_id, title, description, goal_id, district_id, status, created_at, published_at)
    values (${supporters[0]!}, ${FORMULA}, 'A description long enough.', ${g0!}, ${d0!}, 'published', ${at("2025-02-05")}, ${at("2025-02-05")}) returning id`)!.id;
  supporters.forEach((userId, i) => getDb().run(sql`insert into supports (idea_id, user_id, created_at) values (${ideaId}, ${userId}, ${at(`2025-02-${String(6 + i).padStart(2, "0")}`)})`));
  const survey = getDb().get<{ id: number }>(sql`
    insert into surveys (title, description, opens_at, closes_at, demographics, published)
    values ('{"ka":"გამოკითხვა"}', '{}', ${at("2025-02-01")}, ${at("2025-03-01")}, 1, 1) returning id`)!.id;
  const respond = (n: number, age: string, gender: string) => {
    for (let i = 0; i < n; i++) getDb().run(sql`insert into survey_responses (survey_id, channel, day, age_band, gender, district_id) values (${survey}, 'online', '2025-02-10', ${age}, ${gender}, ${d0!})`);
  };
  respond(6, "25-34", "female");
  respond(2, "65+", "male");
});

function get(who: Who, path: string) {
  return getRequest(path, who ? { Cookie: cookies[who] } : {});
}

const page = (who: Who, query = "") => call(pageLoader, get(who, `/hub/insights${query}`));
const csv = (who: Who, query = "") => call(csvLoader, get(who, `/hub/insights.csv${query}`));
const xlsx = (who: Who, query = "") => call(xlsxLoader, get(who, `/hub/insights.xlsx${query}`));

type PageData = {
  title: string;
  filter: { from: string; to: string; district: number | null; goal: number | null };
  query: string;
  weekly: { totals: Array<{ series: string; display: string }>; weeks: Array<{ week: string; label: string; values: Array<{ value: number; display: string }> }> };
  districts: Array<{ kind: string; name: string; cells: string[] }>;
  demographics: { rows: Array<{ label: string; cells: Array<{ hidden: boolean; display: string }> }> };
  top: Array<{ id: number; title: string; recent: string; total: string }>;
};

async function pageData(who: Who, query: string): Promise<PageData> {
  const response = await page(who, query);
  expect(response.status).toBe(200);
  return (await response.json()) as PageData;
}

/** The page rendered on the server with its loader's data, as a browser receives it (without scripts). */
const renderPage = (data: unknown, path: string, language: Language) => renderHtml(InsightsPage as ComponentType, data, path, language);

describe("who may see the insights", () => {
  it("anonymous visitors sign in first, residents get 403, moderators and admins see the page and the exports", async () => {
    for (const [name, load, path] of [
      ["page", page, "/hub/insights"],
      ["csv", csv, "/hub/insights.csv"],
      ["xlsx", xlsx, "/hub/insights.xlsx"],
    ] as const) {
      const anonymous = await load(null, `?${FEBRUARY}`);
      expect(anonymous.status, name).toBe(302);
      expect(anonymous.headers.get("Location"), name).toBe(`/login?redirectTo=${encodeURIComponent(`${path}?${FEBRUARY}`)}`);
      for (const who of ["nino", "irina", "elvin"] as const) expect((await load(who, `?${FEBRUARY}`)).status, `${name} ${who}`).toBe(403);
      for (const who of ["moderator", "admin"] as const) {
        const response = await load(who, `?${FEBRUARY}`);
        expect(response.status, `${name} ${who}`).toBe(200);
        await response.arrayBuffer();
      }
    }
  });
});

describe("filters", () => {
  it("garbage in the query string falls back to the defaults (the last 26 weeks), for the page and both exports", async () => {
    const today = localToday("Asia/Tbilisi");
    const garbage = "?from=31.12.2024&to=2025-02-30&district=abc&goal=%27%3B--&view=%3Cscript%3E&from=&lng=en";
    const data = await pageData("moderator", garbage);
    expect(data.filter).toEqual({ from: defaultFrom(today), to: today, district: null, goal: null });
    expect(data.weekly.weeks).toHaveLength(26);
    const file = await csv("moderator", garbage);
    expect(file.status).toBe(200);
    // An unknown view is the weekly one.
    expect(file.headers.get("Content-Disposition")).toBe(`attachment; filename="khma-insights-weekly-${defaultFrom(today)}-${today}.csv"`);
    expect((await xlsx("moderator", garbage)).status).toBe(200);
    for (const query of ["?district=-5", "?goal=99999999", "?from=2025-02-16&to=2025-02-03", "?to=9999-99-99", `?from=${"9".repeat(5000)}`]) {
      expect((await page("admin", query)).status, query).toBe(200);
    }
  });

  it("keeps a chosen district and goal, and carries them to the export links", async () => {
    const [district] = listDistricts();
    const [goal] = listGoals();
    const data = await pageData("moderator", `?${FEBRUARY}&district=${district!.id}&goal=${goal!.id}`);
    expect(data.filter).toEqual({ from: "2025-02-03", to: "2025-02-16", district: district!.id, goal: goal!.id });
    expect(data.query).toBe(`from=2025-02-03&to=2025-02-16&district=${district!.id}&goal=${goal!.id}`);
  });
});

describe("the page", () => {
  it("formats every number on the server in the page's language", async () => {
    const en = await pageData("moderator", `?${FEBRUARY}&lng=en`);
    expect(en.title).toBe("Insights");
    expect(en.weekly.weeks.map((w) => w.week)).toEqual(["2025-02-03", "2025-02-10"]);
    expect(en.weekly.weeks[0]!.label).toBe("3 Feb 2025");
    expect(en.weekly.totals).toEqual([
      { series: "ideas", display: "1" },
      { series: "supports", display: "6" },
      { series: "ballots", display: "0" },
      { series: "responses", display: "8" },
      { series: "accounts", display: "6" },
    ]);
    const city = (d: PageData) => d.districts.find((r) => r.kind === "total")!;
    expect(city(en)).toMatchObject({ name: "Whole city" });
    expect(city(en).cells[0]).toBe("130,000");
    const ka = await pageData("moderator", `?${FEBRUARY}&lng=ka`);
    expect(city(ka).name).toBe("მთელი ქალაქი");
    expect(city(ka).cells[0]).toBe("130\u00a0000");
    const az = await pageData("moderator", `?${FEBRUARY}&lng=az`);
    expect(city(az).cells[0]).toBe("130.000");
    // The top idea, with its six supports.
    expect(en.top[0]).toMatchObject({ id: ideaId, title: FORMULA, total: "6" });
    // Two men aged 65+: hidden, in words.
    const old = ka.demographics.rows.find((r) => r.label === "65+")!;
    expect(old.cells[1]).toEqual({ hidden: true, display: "დამალულია" });
  });

  it.each(LANGUAGES)("renders in %s: a GET filter form, tables with headers, charts as images with a title", async (language) => {
    const data = await pageData("admin", `?${FEBRUARY}&lng=${language}`);
    const html = await renderPage(data, `/hub/insights?${FEBRUARY}&lng=${language}`, language);
    const t = getI18n(language).getFixedT(language, "insights");
    expect(html).toContain(`<h1>${t("title")}</h1>`);
    expect(html).toMatch(/<form method="get"[^>]*action="\/hub\/insights"/);
    expect(html).toContain('type="date"');
    expect(html).toContain('value="2025-02-03"');
    // Every header cell says what it heads; no table without headers.
    const th = html.match(/<th\b[^>]*>/g) ?? [];
    expect(th.length).toBeGreaterThan(20);
    expect(th.filter((tag) => !/scope="(col|row)"/.test(tag))).toEqual([]);
    expect((html.match(/<table>/g) ?? []).length).toBe((html.match(/role="region"/g) ?? []).length);
    // Charts: images named by their title.
    const charts = html.match(/<svg[^>]*>/g) ?? [];
    expect(charts.length).toBe(6);
    for (const svg of charts) expect(svg).toMatch(/role="img"[^>]*aria-labelledby="[\w-]+-title"/);
    expect((html.match(/<title id="[\w-]+-title">[^<]+<\/title>/g) ?? []).length).toBe(6);
    // Links to the exports carry the filters.
    expect(html).toContain("/hub/insights.csv?view=districts&amp;from=2025-02-03&amp;to=2025-02-16");
    expect(html).toContain("/hub/insights.xlsx?from=2025-02-03&amp;to=2025-02-16");
    // No key left untranslated.
    expect(html).not.toMatch(/>(?:columns|series|views|filters|weekly|districts|channels|demographics|ideas|moderation|export|genders)\.[a-zA-Z0-9]+</);
  });
});

describe("exports", () => {
  it("CSV: UTF-8 with a byte-order mark, headers in the page's language, formulas escaped", async () => {
    const response = await csv("moderator", `?view=ideas&${FEBRUARY}&lng=en`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="khma-insights-ideas-2025-02-03-2025-02-16.csv"');
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    const lines = text.slice(1).split("\r\n");
    expect(lines[0]).toBe("Idea no.,Idea,District,Plan goal,Supports in the last 14 days,All supports");
    expect(lines[1]).toMatch(new RegExp(`^${ideaId},"'=HYPERLINK\\(""http://example.test"",""click""\\)",`));
    expect(lines[1]).toMatch(/,6,6$/);

    const ka = new TextDecoder().decode(await (await csv("moderator", `?view=weekly&${FEBRUARY}&lng=ka`)).arrayBuffer());
    expect(ka.split("\r\n")[0]).toBe("კვირის დასაწყისი,წარდგენილი იდეები,მხარდაჭერა,ბიულეტენები,გამოკითხვის პასუხები,ახალი ანგარიშები");
    expect(ka.split("\r\n")[1]).toBe("2025-02-03,1,4,0,0,6");

    const demo = new TextDecoder().decode(await (await csv("moderator", `?view=demographics&${FEBRUARY}&lng=ru`)).arrayBuffer());
    const rows = demo.split("\r\n");
    expect(rows[0]).toBe("Возрастная группа,Женщины,Мужчины,Другое,Не указано,Всего");
    expect(rows.find((r) => r.startsWith("65+,"))).toBe("65+,0,скрыто,0,0,скрыто");
  });

  it("XLSX: one sheet a view, named and headed in the page's language", async () => {
    const response = await xlsx("admin", `?${FEBRUARY}&lng=en`);
    expect(response.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="khma-insights-2025-02-03-2025-02-16.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["By week", "By district", "By channel", "By age and gender", "Ideas"]);
    const values = (name: string) => (workbook.getWorksheet(name)!.getSheetValues() as unknown[][]).filter(Boolean).map((row) => row.slice(1));
    expect(values("By week")).toEqual([
      ["Week starting", "Ideas submitted", "Supports", "Ballots", "Survey responses", "New accounts"],
      ["2025-02-03", 1, 4, 0, 0, 6],
      ["2025-02-10", 0, 2, 0, 8, 0],
    ]);
    expect(values("By district").at(-1)).toEqual(["Whole city", 130000, 1, 6, 0, 8, 6, 0, 0]);
    expect(values("By channel")).toEqual([
      ["Channel", "Ballots", "Survey responses"],
      ["Online", 0, 8],
      ["On paper", 0, 0],
      ["Imported", 0, 0],
      ["Total", 0, 8],
    ]);
    expect(values("By age and gender").find((r) => r[0] === "65+")).toEqual(["65+", 0, "hidden", 0, 0, "hidden"]);
    // A resident's formula-like title is text in a cell, never a formula.
    const idea = workbook.getWorksheet("Ideas")!.getRow(2);
    expect(idea.getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(idea.getCell(2).value).toBe(FORMULA);

    const ka = new ExcelJS.Workbook();
    await ka.xlsx.load(Buffer.from(await (await xlsx("admin", `?${FEBRUARY}&lng=ka`)).arrayBuffer()) as unknown as ExcelJS.Buffer);
    expect(ka.worksheets.map((s) => s.name)).toEqual(["კვირების მიხედვით", "უბნების მიხედვით", "არხების მიხედვით", "ასაკისა და სქესის მიხედვით", "იდეები"]);
  });
});
