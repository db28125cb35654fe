import { asc } from "drizzle-orm";
import { districts, goals, municipality } from "#db/schema";
import { getDb } from "~/utils/db.server";

export function getMunicipality() {
  const row = getDb().select().from(municipality).limit(1).get();
  if (!row) throw new Error("The database has no municipality: run the seed (npm run khma -- seed).");
  return row;
}

export function listDistricts() {
  return getDb()
    .select({ id: districts.id, slug: districts.slug, name: districts.name, population: districts.population })
    .from(districts)
    .orderBy(asc(districts.position))
    .all();
}

export function listGoals() {
  return getDb()
    .select({ id: goals.id, slug: goals.slug, title: goals.title, description: goals.description })
    .from(goals)
    .orderBy(asc(goals.position))
    .all();
}

/** How ideas are moderated here, from the municipality's settings. */
export function getModerationSettings(): { moderation: "pre" | "post"; reportThreshold: number } {
  const { settings } = getMunicipality();
  return { moderation: settings.moderation ?? "pre", reportThreshold: settings.reportThreshold ?? 3 };
}
