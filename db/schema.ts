// The database schema. Only app/models (and db/seed) import these tables.
// Times are stored as integer milliseconds since the epoch (UTC).
// Staff-written texts carry their own translations as JSON: { ka: "…", en: "…" }.
import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export type Translated = Partial<Record<"ka" | "en" | "az" | "ru", string>>;
export type Role = "resident" | "moderator" | "admin";

export type MunicipalitySettings = {
  contactEmail: string;
  contactPhone: string;
  address: Translated;
  dataProtectionOfficer: string;
  hubName: Translated;
};

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);

/** One row: the municipality this database belongs to. Another city is another seed. */
export const municipality = sqliteTable("municipality", {
  id: integer("id").primaryKey(),
  slug: text("slug").notNull(),
  name: text("name", { mode: "json" }).$type<Translated>().notNull(),
  languages: text("languages", { mode: "json" }).$type<string[]>().notNull(),
  defaultLanguage: text("default_language").notNull(),
  timeZone: text("time_zone").notNull(),
  settings: text("settings", { mode: "json" }).$type<MunicipalitySettings>().notNull(),
});

export const districts = sqliteTable(
  "districts",
  {
    id: integer("id").primaryKey(),
    slug: text("slug").notNull(),
    name: text("name", { mode: "json" }).$type<Translated>().notNull(),
    population: integer("population"),
    position: integer("position").notNull().default(0),
  },
  (t) => [uniqueIndex("districts_slug_unique").on(t.slug)],
);

/** The long-term development plan's goals. Later issues hang measures and input on them. */
export const goals = sqliteTable(
  "goals",
  {
    id: integer("id").primaryKey(),
    slug: text("slug").notNull(),
    title: text("title", { mode: "json" }).$type<Translated>().notNull(),
    description: text("description", { mode: "json" }).$type<Translated>().notNull(),
    position: integer("position").notNull().default(0),
  },
  (t) => [uniqueIndex("goals_slug_unique").on(t.slug)],
);

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey(),
    displayName: text("display_name").notNull(),
    email: text("email"),
    phone: text("phone"),
    passwordHash: text("password_hash").notNull(),
    role: text("role").$type<Role>().notNull().default("resident"),
    locale: text("locale").notNull().default("ka"),
    districtId: integer("district_id").references(() => districts.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("users_email_unique").on(t.email),
    uniqueIndex("users_phone_unique").on(t.phone),
    check("users_role_check", sql`${t.role} in ('resident', 'moderator', 'admin')`),
    check("users_identifier_check", sql`${t.email} is not null or ${t.phone} is not null`),
  ],
);

/** A signed-in browser. The cookie holds a random token; only its SHA-256 is stored here. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);

/** One-time codes to set a new password (forgotten password, or a new staff account). */
export const passwordResets = sqliteTable(
  "password_resets",
  {
    id: integer("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    attempts: integer("attempts").notNull().default(0),
    createdAt: createdAt(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("password_resets_user_idx").on(t.userId)],
);

/** What a person agreed to, when, and to which version of the text. */
export const consents = sqliteTable(
  "consents",
  {
    id: integer("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    version: text("version").notNull(),
    givenAt: createdAt(),
    withdrawnAt: integer("withdrawn_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("consents_user_idx").on(t.userId)],
);

/** Every outgoing message. The hub reads it; SMTP delivers e-mail when configured. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey(),
    channel: text("channel").$type<"email" | "sms">().notNull(),
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    status: text("status").$type<"queued" | "sent" | "failed">().notNull().default("queued"),
    error: text("error"),
    createdAt: createdAt(),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("outbox_created_idx").on(t.createdAt)],
);

/** Fixed-window counters for rate limits, keyed by purpose and subject (IP or account). */
export const rateLimits = sqliteTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStart: integer("window_start").notNull(),
  count: integer("count").notNull(),
});

/** Append-only record of staff actions. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey(),
    actorId: integer("actor_id").references(() => users.id),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
    at: createdAt(),
  },
  (t) => [index("audit_log_at_idx").on(t.at)],
);
