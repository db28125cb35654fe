import { asc } from "drizzle-orm";
import { districts, goals, municipality, type MunicipalitySettings } from "#db/schema";
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

export type RetentionSettings = Required<NonNullable<MunicipalitySettings["retention"]>>;

/** The periods a municipality gets when its settings say nothing (or something unusable). */
export const RETENTION_DEFAULTS: RetentionSettings = { inactiveUnverifiedDays: 730, outboxDays: 90, expiredSessionsDays: 0, rateLimitHours: 24 };

/** The smallest value each period may take: a day for accounts and messages, so that 0 never means "at once". */
const RETENTION_MINIMUM: RetentionSettings = { inactiveUnverifiedDays: 1, outboxDays: 1, expiredSessionsDays: 0, rateLimitHours: 0 };

/**
 * How long data is kept, from the municipality's settings: each period that is missing, not a
 * number or below its minimum is replaced by its default. The purge and the privacy notice both
 * read the periods here, so the notice says what the purge does.
 */
export function getRetentionSettings(settings: MunicipalitySettings = getMunicipality().settings): RetentionSettings {
  const given: Partial<Record<keyof RetentionSettings, unknown>> = settings.retention ?? {};
  const read = (key: keyof RetentionSettings): number => {
    const value = given[key];
    return typeof value === "number" && Number.isFinite(value) && value >= RETENTION_MINIMUM[key] ? value : RETENTION_DEFAULTS[key];
  };
  return {
    inactiveUnverifiedDays: read("inactiveUnverifiedDays"),
    outboxDays: read("outboxDays"),
    expiredSessionsDays: read("expiredSessionsDays"),
    rateLimitHours: read("rateLimitHours"),
  };
}

export type VerificationWays = { inPerson: boolean; codes: boolean };

/** The ways to get verified this municipality offers (both unless the settings turn one off). */
export function getVerificationWays(settings: MunicipalitySettings = getMunicipality().settings): VerificationWays {
  return { inPerson: settings.verification?.inPerson !== false, codes: settings.verification?.codes !== false };
}
