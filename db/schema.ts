// The database schema. Only app/models (and db/seed) import these tables.
// Times are stored as integer milliseconds since the epoch (UTC).
// Staff-written texts carry their own translations as JSON: { ka: "…", en: "…" }.
import { sql } from "drizzle-orm";
import { blob, check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { Condition, QuestionSettings, QuestionType } from "../app/domain/surveys";

export type Translated = Partial<Record<"ka" | "en" | "az" | "ru", string>>;
export type Role = "resident" | "moderator" | "admin";

export type MunicipalitySettings = {
  contactEmail: string;
  contactPhone: string;
  address: Translated;
  dataProtectionOfficer: string;
  hubName: Translated;
  /** "pre": new ideas wait for a moderator; "post": they are published at once and moderated after. */
  moderation?: "pre" | "post";
  /** The ways a resident can get verified (decision 014); both are offered when not set. */
  verification?: { inPerson?: boolean; codes?: boolean };
  /** Reports from different residents after which an idea or comment is hidden until a moderator decides. */
  reportThreshold?: number;
  /**
   * How long data is kept before the purge removes it (app/models/retention.server.ts). Every field
   * is optional: read them through getRetentionSettings(), which supplies the defaults.
   */
  retention?: {
    /** Days after which a resident account that was never verified and shows no activity is deleted (default 730). */
    inactiveUnverifiedDays?: number;
    /** Days a sent or failed outbox message is kept (default 90); queued messages are never purged. */
    outboxDays?: number;
    /** Days an expired session is kept (default 0: deleted as soon as it has expired). */
    expiredSessionsDays?: number;
    /** Hours a rate-limit record is kept after its window has ended (default 24). */
    rateLimitHours?: number;
  };
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
    /** Email me when something happens to my ideas (in-app notifications are always kept). */
    notifyByEmail: integer("notify_by_email", { mode: "boolean" }).notNull().default(true),
    /** When the person was confirmed as a resident (issue 7 adds the ways to get there). */
    verifiedAt: integer("verified_at", { mode: "timestamp_ms" }),
    /** When the person deleted the account: the row stays (ids in the audit log and counts), emptied of personal data. */
    deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("users_email_unique").on(t.email),
    uniqueIndex("users_phone_unique").on(t.phone),
    index("users_role_created_idx").on(t.role, t.createdAt, t.districtId),
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
  (t) => [index("outbox_created_idx").on(t.createdAt), index("outbox_recipient_idx").on(t.recipient)],
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

// ─── Ideas ────────────────────────────────────────────────────────────────────────────────

export type IdeaStatus =
  | "submitted"
  | "changes_requested"
  | "rejected"
  | "published"
  | "under_review"
  | "accepted"
  | "not_feasible"
  | "not_municipal"
  | "in_progress"
  | "implemented"
  | "merged";

/** A resident's idea. Counters are kept by triggers on supports and comments (see migrations). */
export const ideas = sqliteTable(
  "ideas",
  {
    id: integer("id").primaryKey(),
    authorId: integer("author_id").references(() => users.id, { onDelete: "set null" }),
    title: text("title").notNull(),
    description: text("description").notNull(),
    goalId: integer("goal_id")
      .notNull()
      .references(() => goals.id),
    districtId: integer("district_id")
      .notNull()
      .references(() => districts.id),
    status: text("status").$type<IdeaStatus>().notNull().default("submitted"),
    hidden: integer("hidden", { mode: "boolean" }).notNull().default(false),
    hiddenReason: text("hidden_reason"),
    rejectReason: text("reject_reason"),
    duplicateOf: integer("duplicate_of"),
    photoId: integer("photo_id").references(() => photos.id),
    supportsCount: integer("supports_count").notNull().default(0),
    commentsCount: integer("comments_count").notNull().default(0),
    reportsCount: integer("reports_count").notNull().default(0),
    createdAt: createdAt(),
    publishedAt: integer("published_at", { mode: "timestamp_ms" }),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
    /**
     * 1 when the idea is in the public list (visible, and in a listed status). A generated column, so
     * that one index serves "filter + sort + page" without a sort step (see docs/decisions/007).
     */
    listed: integer("listed", { mode: "boolean" }).generatedAlwaysAs(
      sql`hidden = 0 and status in ('published', 'under_review', 'accepted', 'not_feasible', 'not_municipal', 'in_progress', 'implemented')`,
      { mode: "virtual" },
    ),
  },
  (t) => [
    index("ideas_listed_new_idx").on(t.listed, t.publishedAt, t.id),
    index("ideas_listed_supported_idx").on(t.listed, t.supportsCount, t.id),
    index("ideas_listed_discussed_idx").on(t.listed, t.commentsCount, t.id),
    index("ideas_listed_district_new_idx").on(t.listed, t.districtId, t.publishedAt, t.id),
    index("ideas_listed_district_supported_idx").on(t.listed, t.districtId, t.supportsCount, t.id),
    index("ideas_listed_district_discussed_idx").on(t.listed, t.districtId, t.commentsCount, t.id),
    index("ideas_listed_goal_new_idx").on(t.listed, t.goalId, t.publishedAt, t.id),
    index("ideas_listed_goal_supported_idx").on(t.listed, t.goalId, t.supportsCount, t.id),
    index("ideas_listed_goal_discussed_idx").on(t.listed, t.goalId, t.commentsCount, t.id),
    index("ideas_author_idx").on(t.authorId),
    // Covers the insights' top ideas of a period (hidden, supports, district and goal read from the index).
    index("ideas_status_created_idx").on(t.status, t.createdAt, t.hidden, t.supportsCount, t.districtId, t.goalId),
  ],
);

/** Re-encoded photos, stored in the database (small WebP), served with a content type we set. */
export const photos = sqliteTable("photos", {
  id: integer("id").primaryKey(),
  contentType: text("content_type").notNull(),
  width: integer("width").notNull(),
  height: integer("height").notNull(),
  data: blob("data", { mode: "buffer" }).notNull(),
  thumbnail: blob("thumbnail", { mode: "buffer" }).notNull(),
  createdAt: createdAt(),
});

/** Everything that happened to an idea: status changes with their official answers, moderation. */
export const ideaEvents = sqliteTable(
  "idea_events",
  {
    id: integer("id").primaryKey(),
    ideaId: integer("idea_id")
      .notNull()
      .references(() => ideas.id, { onDelete: "cascade" }),
    actorId: integer("actor_id").references(() => users.id, { onDelete: "set null" }),
    kind: text("kind").$type<"status" | "hidden" | "shown" | "merged" | "corrected">().notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status"),
    reasonCode: text("reason_code"),
    /** The official answer, public. */
    answer: text("answer"),
    /** A note to the author only. */
    note: text("note"),
    /** For a correction by staff: the resident's words before it, kept and shown. */
    previous: text("previous", { mode: "json" }).$type<{ title: string; description: string }>(),
    at: createdAt(),
  },
  (t) => [index("idea_events_idea_idx").on(t.ideaId, t.at), index("idea_events_actor_idx").on(t.actorId)],
);

/** One support per account per idea: the primary key is the guarantee, not code. */
export const supports = sqliteTable(
  "supports",
  {
    ideaId: integer("idea_id")
      .notNull()
      .references(() => ideas.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.ideaId, t.userId] }), index("supports_user_idx").on(t.userId), index("supports_created_idx").on(t.createdAt, t.ideaId, t.userId)],
);

export const comments = sqliteTable(
  "comments",
  {
    id: integer("id").primaryKey(),
    ideaId: integer("idea_id")
      .notNull()
      .references(() => ideas.id, { onDelete: "cascade" }),
    authorId: integer("author_id").references(() => users.id, { onDelete: "set null" }),
    parentId: integer("parent_id"),
    body: text("body").notNull(),
    hidden: integer("hidden", { mode: "boolean" }).notNull().default(false),
    hiddenReason: text("hidden_reason"),
    reportsCount: integer("reports_count").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index("comments_idea_idx").on(t.ideaId, t.createdAt), index("comments_author_idx").on(t.authorId)],
);

export const reports = sqliteTable(
  "reports",
  {
    id: integer("id").primaryKey(),
    targetType: text("target_type").$type<"idea" | "comment">().notNull(),
    targetId: integer("target_id").notNull(),
    reporterId: integer("reporter_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    reason: text("reason").notNull(),
    createdAt: createdAt(),
    resolvedAt: integer("resolved_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("reports_once_idx").on(t.targetType, t.targetId, t.reporterId),
    index("reports_open_idx").on(t.resolvedAt, t.targetType, t.targetId),
  ],
);

export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    ideaId: integer("idea_id").references(() => ideas.id, { onDelete: "cascade" }),
    data: text("data", { mode: "json" }).$type<{ title: string; status?: string; survivorId?: number; answer?: string | null }>(),
    createdAt: createdAt(),
    readAt: integer("read_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.createdAt)],
);

// ─── Voting rounds ────────────────────────────────────────────────────────────────────────

export type RoundMethod = "approval" | "ranked" | "points" | "budget";

/** A priority vote or a participatory budget. Titles and texts carry their own translations. */
export const rounds = sqliteTable(
  "rounds",
  {
    id: integer("id").primaryKey(),
    title: text("title", { mode: "json" }).$type<Translated>().notNull(),
    description: text("description", { mode: "json" }).$type<Translated>().notNull(),
    method: text("method").$type<RoundMethod>().notNull(),
    /** approval and ranked: at most K options. */
    maxChoices: integer("max_choices"),
    /** points: N points in all, at most M on one option. */
    pointsTotal: integer("points_total"),
    pointsPerOption: integer("points_per_option"),
    /** budget: the money to spend (whole GEL) and the rule that decides. */
    budget: integer("budget"),
    budgetRule: text("budget_rule").$type<"greedy" | "mes">(),
    opensAt: integer("opens_at", { mode: "timestamp_ms" }).notNull(),
    closesAt: integer("closes_at", { mode: "timestamp_ms" }).notNull(),
    eligibility: text("eligibility").$type<"residents" | "verified" | "districts">().notNull().default("residents"),
    eligibleDistricts: text("eligible_districts", { mode: "json" }).$type<number[]>(),
    resultsShown: text("results_shown").$type<"live" | "after">().notNull().default("after"),
    published: integer("published", { mode: "boolean" }).notNull().default(false),
    /** Bumped by triggers (migration 0010) whenever a ballot of the round is added, changed or removed. */
    ballotsVersion: integer("ballots_version").notNull().default(0),
    /** The round's ballots, kept by the same triggers (migration 0016): lists need no count over a million rows. */
    ballotsCount: integer("ballots_count").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index("rounds_open_idx").on(t.published, t.closesAt),
    check("rounds_method_check", sql`${t.method} in ('approval', 'ranked', 'points', 'budget')`),
    check("rounds_period_check", sql`${t.closesAt} > ${t.opensAt}`),
  ],
);

export const roundOptions = sqliteTable(
  "round_options",
  {
    id: integer("id").primaryKey(),
    roundId: integer("round_id")
      .notNull()
      .references(() => rounds.id, { onDelete: "cascade" }),
    title: text("title", { mode: "json" }).$type<Translated>().notNull(),
    description: text("description", { mode: "json" }).$type<Translated>().notNull(),
    /** Whole GEL, for budget rounds. */
    cost: integer("cost"),
    goalId: integer("goal_id").references(() => goals.id),
    photoId: integer("photo_id").references(() => photos.id),
    position: integer("position").notNull().default(0),
  },
  (t) => [index("round_options_round_idx").on(t.roundId, t.position), check("round_options_cost_check", sql`${t.cost} is null or ${t.cost} >= 0`)],
);

/**
 * One ballot per account per round: the unique index is the guarantee. Paper and imported ballots
 * have no account and record who entered them. An online ballot loses its account (user_id null)
 * when the account is deleted after the round closed: it stays counted, linked to nobody. The voter's district is kept for turnout by district.
 */
export const ballots = sqliteTable(
  "ballots",
  {
    id: integer("id").primaryKey(),
    roundId: integer("round_id")
      .notNull()
      .references(() => rounds.id, { onDelete: "cascade" }),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    /** online: cast by the account; paper: typed in by staff; import: read from a Pabulib file by staff. */
    channel: text("channel").$type<"online" | "paper" | "import">().notNull().default("online"),
    enteredBy: integer("entered_by").references(() => users.id),
    districtId: integer("district_id").references(() => districts.id),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("ballots_one_per_account_idx").on(t.roundId, t.userId),
    index("ballots_round_district_idx").on(t.roundId, t.districtId),
    index("ballots_created_idx").on(t.createdAt),
    // An account's ballots (its data, deleting it): without it, a scan of every ballot.
    index("ballots_user_idx").on(t.userId),
    check("ballots_channel_check", sql`${t.channel} = 'online' or (${t.channel} in ('paper', 'import') and ${t.userId} is null and ${t.enteredBy} is not null)`),
  ],
);

/** What a ballot says: the options chosen, with a rank (ranked) or points (points). */
export const ballotChoices = sqliteTable(
  "ballot_choices",
  {
    ballotId: integer("ballot_id")
      .notNull()
      .references(() => ballots.id, { onDelete: "cascade" }),
    optionId: integer("option_id")
      .notNull()
      .references(() => roundOptions.id, { onDelete: "cascade" }),
    rank: integer("rank"),
    points: integer("points"),
  },
  (t) => [primaryKey({ columns: [t.ballotId, t.optionId] }), index("ballot_choices_option_idx").on(t.optionId)],
);

/** The ideas a round's option came from: the option page links back to them. */
export const roundOptionIdeas = sqliteTable(
  "round_option_ideas",
  {
    optionId: integer("option_id")
      .notNull()
      .references(() => roundOptions.id, { onDelete: "cascade" }),
    ideaId: integer("idea_id")
      .notNull()
      .references(() => ideas.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.optionId, t.ideaId] }), index("round_option_ideas_idea_idx").on(t.ideaId)],
);

// ─── Surveys ──────────────────────────────────────────────────────────────────────────────

export const surveys = sqliteTable(
  "surveys",
  {
    id: integer("id").primaryKey(),
    title: text("title", { mode: "json" }).$type<Translated>().notNull(),
    description: text("description", { mode: "json" }).$type<Translated>().notNull(),
    opensAt: integer("opens_at", { mode: "timestamp_ms" }).notNull(),
    closesAt: integer("closes_at", { mode: "timestamp_ms" }).notNull(),
    /** anyone (also without an account), signed-in residents, or verified residents. */
    audience: text("audience").$type<"anyone" | "residents" | "verified">().notNull().default("residents"),
    /** Who answered is kept apart from the answers, with nothing that links them. */
    anonymous: integer("anonymous", { mode: "boolean" }).notNull().default(true),
    onePerPerson: integer("one_per_person", { mode: "boolean" }).notNull().default(true),
    /** Ask the optional age band, gender and district block. */
    demographics: integer("demographics", { mode: "boolean" }).notNull().default(false),
    /** Show cross-tabulations on the public results page (small cells are always suppressed). */
    publicCrosstabs: integer("public_crosstabs", { mode: "boolean" }).notNull().default(false),
    published: integer("published", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index("surveys_open_idx").on(t.published, t.closesAt), check("surveys_period_check", sql`${t.closesAt} > ${t.opensAt}`)],
);

export const surveySections = sqliteTable(
  "survey_sections",
  {
    id: integer("id").primaryKey(),
    surveyId: integer("survey_id")
      .notNull()
      .references(() => surveys.id, { onDelete: "cascade" }),
    title: text("title", { mode: "json" }).$type<Translated>().notNull(),
    position: integer("position").notNull().default(0),
  },
  (t) => [index("survey_sections_survey_idx").on(t.surveyId, t.position)],
);

export const surveyQuestions = sqliteTable(
  "survey_questions",
  {
    id: integer("id").primaryKey(),
    surveyId: integer("survey_id")
      .notNull()
      .references(() => surveys.id, { onDelete: "cascade" }),
    sectionId: integer("section_id")
      .notNull()
      .references(() => surveySections.id, { onDelete: "cascade" }),
    position: integer("position").notNull().default(0),
    type: text("type").$type<QuestionType>().notNull(),
    text: text("text", { mode: "json" }).$type<Translated>().notNull(),
    help: text("help", { mode: "json" }).$type<Translated>().notNull(),
    required: integer("required", { mode: "boolean" }).notNull().default(false),
    settings: text("settings", { mode: "json" }).$type<QuestionSettings>().notNull(),
    condition: text("condition", { mode: "json" }).$type<Condition>(),
  },
  (t) => [
    index("survey_questions_section_idx").on(t.sectionId, t.position),
    check("survey_questions_type_check", sql`${t.type} in ('single', 'multiple', 'dropdown', 'scale', 'short', 'long', 'number', 'date', 'ranking', 'matrix')`),
  ],
);

/** A question's choices, ranking items or matrix rows. */
export const surveyOptions = sqliteTable(
  "survey_options",
  {
    id: integer("id").primaryKey(),
    questionId: integer("question_id")
      .notNull()
      .references(() => surveyQuestions.id, { onDelete: "cascade" }),
    label: text("label", { mode: "json" }).$type<Translated>().notNull(),
    position: integer("position").notNull().default(0),
  },
  (t) => [index("survey_options_question_idx").on(t.questionId, t.position)],
);

/**
 * A submitted response. In an anonymous survey it has no account, a random id (so that its id
 * says nothing about when it came in) and only the day it was submitted.
 */
export const surveyResponses = sqliteTable(
  "survey_responses",
  {
    id: integer("id").primaryKey(),
    surveyId: integer("survey_id")
      .notNull()
      .references(() => surveys.id, { onDelete: "cascade" }),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    channel: text("channel").$type<"online" | "paper" | "import">().notNull().default("online"),
    enteredBy: integer("entered_by").references(() => users.id),
    /** YYYY-MM-DD in the municipality's time zone. */
    day: text("day").notNull(),
    /** Exact time, only for surveys that are not anonymous. */
    submittedAt: integer("submitted_at", { mode: "timestamp_ms" }),
    ageBand: text("age_band"),
    gender: text("gender"),
    districtId: integer("district_id").references(() => districts.id),
  },
  (t) => [
    index("survey_responses_survey_idx").on(t.surveyId, t.day),
    index("survey_responses_day_idx").on(t.day),
    index("survey_responses_user_idx").on(t.userId),
    check("survey_responses_channel_check", sql`${t.channel} = 'online' or (${t.channel} in ('paper', 'import') and ${t.enteredBy} is not null)`),
  ],
);

/** One row per chosen option, ranked item, matrix row, number, date or text. */
export const surveyAnswers = sqliteTable(
  "survey_answers",
  {
    id: integer("id").primaryKey(),
    responseId: integer("response_id")
      .notNull()
      .references(() => surveyResponses.id, { onDelete: "cascade" }),
    questionId: integer("question_id")
      .notNull()
      .references(() => surveyQuestions.id, { onDelete: "restrict" }),
    optionId: integer("option_id").references(() => surveyOptions.id, { onDelete: "restrict" }),
    /** matrix: the row; optionId is then null and num the scale point. */
    rowId: integer("row_id").references(() => surveyOptions.id, { onDelete: "restrict" }),
    /** scale point, number, rank (1 first), or matrix scale point. */
    num: real("num"),
    /** short and long text, dates (YYYY-MM-DD) and "Other, please say". */
    text: text("text"),
    /** Free text is public only once a moderator publishes it. */
    published: integer("published", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [index("survey_answers_question_idx").on(t.questionId, t.optionId, t.rowId, t.num, t.responseId), index("survey_answers_response_idx").on(t.responseId)],
);

/**
 * Who has answered a survey, to stop a second answer: "u:<account id>" or "b:<hash of a browser
 * token>". Kept apart from the responses, with only the day, in a table without row ids (the
 * migration makes it WITHOUT ROWID) so that not even insertion order links the two.
 */
export const surveyRespondents = sqliteTable(
  "survey_respondents",
  {
    surveyId: integer("survey_id")
      .notNull()
      .references(() => surveys.id, { onDelete: "cascade" }),
    who: text("who").notNull(),
    day: text("day").notNull(),
  },
  (t) => [primaryKey({ columns: [t.surveyId, t.who] }), index("survey_respondents_who_idx").on(t.who)],
);

/** A response being filled in: never counted until it is submitted. */
export const surveyDrafts = sqliteTable(
  "survey_drafts",
  {
    surveyId: integer("survey_id")
      .notNull()
      .references(() => surveys.id, { onDelete: "cascade" }),
    who: text("who").notNull(),
    answers: text("answers", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.surveyId, t.who] })],
);

// ─── The long-term development plan ──────────────────────────────────────────────────────

export type MeasureStatus = "planned" | "in_progress" | "done" | "paused" | "cancelled";

/** A project or policy under a plan goal, with its progress. */
export const measures = sqliteTable(
  "measures",
  {
    id: integer("id").primaryKey(),
    goalId: integer("goal_id")
      .notNull()
      .references(() => goals.id),
    title: text("title", { mode: "json" }).$type<Translated>().notNull(),
    description: text("description", { mode: "json" }).$type<Translated>().notNull(),
    department: text("department", { mode: "json" }).$type<Translated>().notNull(),
    status: text("status").$type<MeasureStatus>().notNull().default("planned"),
    progress: integer("progress").notNull().default(0),
    /** YYYY-MM-DD */
    startsOn: text("starts_on"),
    endsOn: text("ends_on"),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index("measures_goal_idx").on(t.goalId, t.position),
    check("measures_progress_check", sql`${t.progress} between 0 and 100`),
    check("measures_status_check", sql`${t.status} in ('planned', 'in_progress', 'done', 'paused', 'cancelled')`),
  ],
);

/** What changed on a measure, told to residents: the progress and status at that moment, and a note. */
export const measureUpdates = sqliteTable(
  "measure_updates",
  {
    id: integer("id").primaryKey(),
    measureId: integer("measure_id")
      .notNull()
      .references(() => measures.id, { onDelete: "cascade" }),
    authorId: integer("author_id").references(() => users.id),
    body: text("body", { mode: "json" }).$type<Translated>().notNull(),
    status: text("status").$type<MeasureStatus>().notNull(),
    progress: integer("progress").notNull(),
    at: createdAt(),
  },
  (t) => [index("measure_updates_measure_idx").on(t.measureId, t.at)],
);

/** Residents' input linked to the plan: an idea, a round option or a survey question, to a goal and optionally a measure. */
export const planLinks = sqliteTable(
  "plan_links",
  {
    id: integer("id").primaryKey(),
    goalId: integer("goal_id")
      .notNull()
      .references(() => goals.id),
    measureId: integer("measure_id").references(() => measures.id, { onDelete: "cascade" }),
    kind: text("kind").$type<"idea" | "option" | "question">().notNull(),
    targetId: integer("target_id").notNull(),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("plan_links_unique").on(t.kind, t.targetId, t.goalId, t.measureId),
    index("plan_links_goal_idx").on(t.goalId),
    check("plan_links_kind_check", sql`${t.kind} in ('idea', 'option', 'question')`),
  ],
);

/**
 * Participation counted by local day, kept by triggers (migration 0014) as ideas, supports, ballots,
 * survey responses and accounts come and go, so that the hub's insights and the open participation
 * figures read a few thousand rows instead of millions (decision 011). One row per series and
 * combination of what the series can be filtered by; "none" is 0 or '' (never NULL, so that the key
 * is unique):
 * - idea: the idea's district and goal; support: the supporter's district and the idea's goal;
 *   idea_support: the idea's district and goal (for goals and ideas of a district);
 * - ballot: the ballot's district and channel (goal 0); ballot_goal: a ballot counted once for each
 *   goal it chose an option of;
 * - response: the response's district, channel, age band and gender; account: a resident's district.
 * `day` is the local day number (days since 1970-01-01 on the municipality's clock, see
 * participation_clock); a response's is its stored day.
 */
export const participationDays = sqliteTable(
  "participation_days",
  {
    series: text("series").notNull(),
    day: integer("day").notNull(),
    district: integer("district").notNull().default(0),
    goal: integer("goal").notNull().default(0),
    channel: text("channel").notNull().default(""),
    ageBand: text("age_band").notNull().default(""),
    gender: text("gender").notNull().default(""),
    n: integer("n").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.series, t.day, t.district, t.goal, t.channel, t.ageBand, t.gender] })],
);

/**
 * The municipality's offset from UTC that participation_days was counted with, in milliseconds
 * (one row). NULL until the counts are built: the app builds them at start-up, and again if the
 * municipality's time zone gives another offset.
 */
export const participationClock = sqliteTable("participation_clock", {
  id: integer("id").primaryKey(),
  offsetMs: integer("offset_ms"),
});

/**
 * One-time verification codes for letters or SMS (issue 7): generated by Khma in batches, printed
 * and sent by the city, entered once by a resident at /me/verify. Only a SHA-256 of each code is
 * kept: the plain codes exist once, in the file staff download when making the batch.
 */
export const verificationCodes = sqliteTable(
  "verification_codes",
  {
    id: integer("id").primaryKey(),
    codeHash: text("code_hash").notNull(),
    batch: text("batch").notNull(),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("verification_codes_hash_unique").on(t.codeHash), index("verification_codes_batch_idx").on(t.batch)],
);
