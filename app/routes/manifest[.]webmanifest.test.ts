// The web app manifest is shown by the phone when Khma is installed: it must read as a sentence.
import { describe, expect, it } from "vitest";
import { LANGUAGES } from "~/utils/i18n";
import { callLoader, getRequest } from "../../test/requests";
import { loader } from "./manifest[.]webmanifest";

type Manifest = { name: string; short_name: string; description: string; lang: string };

async function manifestIn(language: string): Promise<Manifest> {
  const response = await callLoader(loader, getRequest(`/manifest.webmanifest?lng=${language}`));
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toMatch(/^application\/manifest\+json/);
  return (await response.json()) as Manifest;
}

describe("the web app manifest", () => {
  it.each(LANGUAGES)("in %s names the app and the city, in that language", async (language) => {
    const manifest = await manifestIn(language);
    expect(manifest.lang).toBe(language);
    expect(manifest.short_name.length).toBeGreaterThan(0);
    expect(manifest.name).toContain(" · ");
  });

  // The English tagline names the city ("Your voice in {{city}}'s future"): it must be filled in.
  it.each(LANGUAGES)("in %s has a description without unfilled {{placeholders}}", async (language) => {
    const manifest = await manifestIn(language);
    expect(manifest.description.trim().length).toBeGreaterThan(0);
    expect(manifest.description).not.toMatch(/\{\{|\}\}/);
  });
});
