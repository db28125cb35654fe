import type { MetaDescriptor } from "@remix-run/node";

type Matches = ReadonlyArray<{ id: string; data: unknown } | undefined>;

/** "Register · ხმა · რუსთავი": the page's title, then the site's. */
export function pageTitle(title: string | undefined, matches: Matches): MetaDescriptor[] {
  const root = matches.find((m) => m?.id === "root")?.data as { siteTitle?: string } | undefined;
  const site = root?.siteTitle ?? "Khma";
  return [{ title: title ? `${title} · ${site}` : site }];
}
