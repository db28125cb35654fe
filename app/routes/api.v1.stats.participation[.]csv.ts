import { participation, PARTICIPATION_COUNTS } from "~/models/open-data.server";
import { apiCsv, apiLoader, toCsv } from "~/utils/api.server";

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const COLUMNS = [
  { key: "districtId", header: "district_id" },
  { key: "slug", header: "district_slug" },
  { key: "name", header: "district" },
  { key: "population", header: "population" },
  ...PARTICIPATION_COUNTS.map((c) => ({ key: c, header: snake(c) })),
  ...PARTICIPATION_COUNTS.map((c) => ({ key: `${c}Per1000`, header: `${snake(c)}_per_1000` })),
];

// Open data: participation by district as CSV, a row per district and one for "district not given".
export const loader = apiLoader(({ request, language }) => {
  const { districts, notGiven } = participation(language);
  const rows: Array<Record<string, unknown>> = [
    ...districts.map(({ id, per1000, ...d }) => ({ districtId: id, ...d, ...Object.fromEntries(PARTICIPATION_COUNTS.map((c) => [`${c}Per1000`, per1000[c]])) })),
    { slug: "not-given", ...notGiven },
  ];
  return apiCsv(request, toCsv(COLUMNS, rows), { maxAge: 300, language, filename: "khma-participation.csv" });
});
