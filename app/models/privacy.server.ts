// A resident's rights over their data (Georgia's Law on Personal Data Protection, 2023): a copy of
// everything Khma holds about them, their consent records, and deleting the account.
//
// Deleting an account empties the row rather than removing it (decision 013): the audit log is
// append-only and names actors by id, and counts of the past (accounts made per week) stay true.
// Everything that identifies the person or links them to what they did goes.
import { sql } from "drizzle-orm";
import { recordAudit } from "~/models/audit.server";
import { getDb } from "~/utils/db.server";
import { DEFAULT_LANGUAGE, type Language } from "~/utils/i18n";

export type Consent = { id: number; kind: string; version: string; givenAt: number; withdrawnAt: number | null };

export function listConsents(userId: number): Consent[] {
  return getDb().all<Consent>(sql`
    select id, kind, version, created_at as givenAt, withdrawn_at as withdrawnAt from consents where user_id = ${userId} order by created_at desc, id desc`);
}

/** Withdraws one of the person's own consents (once); false when there is no such open consent. */
export function withdrawConsent(userId: number, consentId: number, now = Date.now()): boolean {
  return getDb().run(sql`update consents set withdrawn_at = ${now} where id = ${consentId} and user_id = ${userId} and withdrawn_at is null`).changes > 0;
}

/**
 * Everything Khma holds about a person, in plain values (times as ISO strings): the account, consents,
 * their ideas, comments, supports and reports, ballots with their choices, survey responses given
 * under the account (anonymous surveys keep no link, so they cannot be listed), notifications and
 * signed-in sessions (no tokens).
 */
export function exportMyData(userId: number, language: Language = DEFAULT_LANGUAGE) {
  const db = getDb();
  // Names the city wrote in four languages (districts, rounds, surveys) in the reader's, else in Georgian.
  const at = `$.${language}`;
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const account = db.get<{ displayName: string; email: string | null; phone: string | null; role: string; locale: string; district: string | null; notifyByEmail: number; verifiedAt: number | null; createdAt: number }>(sql`
    select u.display_name as displayName, u.email, u.phone, u.role, u.locale, coalesce(json_extract(d.name, ${at}), json_extract(d.name, '$.ka')) as district,
           u.notify_by_email as notifyByEmail, u.verified_at as verifiedAt, u.created_at as createdAt
    from users u left join districts d on d.id = u.district_id where u.id = ${userId}`);
  if (!account) return null;
  const ideas = db.all<{ id: number; title: string; description: string; status: string; createdAt: number }>(sql`
    select id, title, description, status, created_at as createdAt from ideas where author_id = ${userId} order by id`);
  const comments = db.all<{ id: number; ideaId: number; body: string; createdAt: number }>(sql`
    select id, idea_id as ideaId, body, created_at as createdAt from comments where author_id = ${userId} order by id`);
  const supports = db.all<{ ideaId: number; title: string; createdAt: number }>(sql`
    select s.idea_id as ideaId, i.title, s.created_at as createdAt from supports s join ideas i on i.id = s.idea_id where s.user_id = ${userId} order by s.created_at`);
  const reports = db.all<{ targetType: string; targetId: number; reason: string; createdAt: number }>(sql`
    select target_type as targetType, target_id as targetId, reason, created_at as createdAt from reports where reporter_id = ${userId} order by id`);
  const ballots = db.all<{ id: number; roundId: number; round: string; createdAt: number; choices: string }>(sql`
    select b.id, b.round_id as roundId, coalesce(json_extract(r.title, ${at}), json_extract(r.title, '$.ka')) as round, b.created_at as createdAt,
           (select json_group_array(json_object('option', coalesce(json_extract(o.title, ${at}), json_extract(o.title, '$.ka')), 'rank', c.rank, 'points', c.points))
            from ballot_choices c join round_options o on o.id = c.option_id where c.ballot_id = b.id) as choices
    from ballots b join rounds r on r.id = b.round_id where b.user_id = ${userId} order by b.id`);
  const responses = db.all<{ id: number; surveyId: number; survey: string; day: string; answers: string }>(sql`
    select r.id, r.survey_id as surveyId, coalesce(json_extract(s.title, ${at}), json_extract(s.title, '$.ka')) as survey, r.day,
           (select json_group_array(json_object('question', coalesce(json_extract(q.text, ${at}), json_extract(q.text, '$.ka')), 'option', coalesce(json_extract(o.label, ${at}), json_extract(o.label, '$.ka')), 'text', a.text, 'number', a.num))
            from survey_answers a join survey_questions q on q.id = a.question_id left join survey_options o on o.id = a.option_id where a.response_id = r.id) as answers
    from survey_responses r join surveys s on s.id = r.survey_id where r.user_id = ${userId} order by r.id`);
  const notifications = db.all<{ kind: string; ideaId: number | null; createdAt: number; readAt: number | null }>(sql`
    select kind, idea_id as ideaId, created_at as createdAt, read_at as readAt from notifications where user_id = ${userId} order by id`);
  const sessions = db.all<{ createdAt: number; expiresAt: number }>(sql`
    select created_at as createdAt, expires_at as expiresAt from sessions where user_id = ${userId} order by created_at`);
  return {
    account: { ...account, notifyByEmail: Boolean(account.notifyByEmail), verifiedAt: iso(account.verifiedAt), createdAt: iso(account.createdAt) },
    consents: listConsents(userId).map((c) => ({ kind: c.kind, version: c.version, givenAt: iso(c.givenAt), withdrawnAt: iso(c.withdrawnAt) })),
    ideas: ideas.map((i) => ({ ...i, createdAt: iso(i.createdAt) })),
    comments: comments.map((c) => ({ ...c, createdAt: iso(c.createdAt) })),
    supports: supports.map((s) => ({ ...s, createdAt: iso(s.createdAt) })),
    reports: reports.map((r) => ({ ...r, createdAt: iso(r.createdAt) })),
    ballots: ballots.map((b) => ({ ...b, createdAt: iso(b.createdAt), choices: JSON.parse(b.choices) as unknown[] })),
    surveyResponses: responses.map((r) => ({ ...r, answers: JSON.parse(r.answers) as unknown[] })),
    notifications: notifications.map((n) => ({ ...n, createdAt: iso(n.createdAt), readAt: iso(n.readAt) })),
    sessions: sessions.map((s) => ({ createdAt: iso(s.createdAt), expiresAt: iso(s.expiresAt) })),
  };
}
export type MyData = NonNullable<ReturnType<typeof exportMyData>>;

/**
 * Deletes a resident's account, in one transaction:
 * - ballots in rounds still open are withdrawn; ballots of closed rounds stay counted, with no
 *   account on them; survey responses stay, with no account, and the record that the account
 *   answered goes;
 * - supports and reports are removed; ideas and comments stay, shown as by a deleted account,
 *   or are removed too when the person asks (`removeContributions`);
 * - notifications, consents, sessions, password resets, rate-limit records and messages waiting
 *   in the outbox for their address go;
 * - the account row keeps only its id, role and creation time: no name, address, phone, district
 *   or usable password.
 * Staff accounts are not deleted here (an admin hands their role over first).
 */
export function deleteAccount(
  userId: number,
  { removeContributions, by = "person" }: { removeContributions: boolean; /** Who asked: the person, or the retention purge. */ by?: "person" | "retention" },
  now = Date.now(),
): boolean {
  const db = getDb();
  return db.transaction((tx) => {
    const user = tx.get<{ role: string; email: string | null; phone: string | null; deletedAt: number | null }>(sql`select role, email, phone, deleted_at as deletedAt from users where id = ${userId}`);
    if (!user || user.role !== "resident" || user.deletedAt !== null) return false;
    tx.run(sql`delete from ballots where user_id = ${userId} and round_id in (select id from rounds where closes_at > ${now})`);
    tx.run(sql`update ballots set user_id = null where user_id = ${userId}`);
    tx.run(sql`update survey_responses set user_id = null where user_id = ${userId}`);
    tx.run(sql`delete from survey_respondents where who = ${`u:${userId}`}`);
    tx.run(sql`delete from survey_drafts where who = ${`u:${userId}`}`);
    tx.run(sql`delete from supports where user_id = ${userId}`);
    tx.run(sql`delete from reports where reporter_id = ${userId}`);
    if (removeContributions) {
      tx.run(sql`delete from comments where author_id = ${userId}`);
      tx.run(sql`delete from ideas where author_id = ${userId}`);
    } else {
      tx.run(sql`update comments set author_id = null where author_id = ${userId}`);
      tx.run(sql`update ideas set author_id = null where author_id = ${userId}`);
    }
    tx.run(sql`update idea_events set actor_id = null where actor_id = ${userId}`);
    tx.run(sql`delete from notifications where user_id = ${userId}`);
    tx.run(sql`delete from consents where user_id = ${userId}`);
    tx.run(sql`delete from sessions where user_id = ${userId}`);
    tx.run(sql`delete from password_resets where user_id = ${userId}`);
    // The limits kept per account: by its id, or by the email or phone it signs in with.
    const subjects = [String(userId), user.email, user.phone].filter((v): v is string => Boolean(v));
    const keys = ["ballotPerAccount", "verifyCodePerAccount", "loginPerAccount", "resetPerAccount"].flatMap((name) => subjects.map((subject) => `${name}:${subject}`));
    tx.run(sql`delete from rate_limits where key in ${keys}`);
    for (const address of [user.email, user.phone]) if (address) tx.run(sql`delete from outbox where recipient = ${address}`);
    tx.run(sql`
      update users set display_name = '', email = ${`deleted-${userId}@deleted.invalid`}, phone = null, password_hash = '!',
             district_id = null, notify_by_email = 0, verified_at = null, deleted_at = ${now}
      where id = ${userId}`);
    // The person deleting their own account is the actor; an account purged for inactivity has none.
    recordAudit({ actorId: by === "person" ? userId : null, action: "account.deleted", targetType: "user", targetId: userId, details: { removeContributions, by } }, tx);
    return true;
  });
}
