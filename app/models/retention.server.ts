// Retention (issue 7): what Khma stops keeping, on schedule (`npm run khma -- purge`, at start-up
// and every 24 hours in the server), after the periods in the municipality's settings
// (getRetentionSettings; the privacy notice shows the same periods):
// - sessions, once expired for `expiredSessionsDays`;
// - password-reset codes, once expired;
// - outbox messages that were sent or failed, `outboxDays` after they were made (queued ones stay
//   until they go);
// - rate-limit records, `rateLimitHours` after their window ended;
// - resident accounts never verified and without activity for `inactiveUnverifiedDays`, deleted
//   by deleteAccount (ideas and comments kept as a deleted account's), so the rules of decision 013
//   apply to them as to a resident who deletes their own account.
//
// The purge's own statements search an index, or read a table once for all accounts together;
// none reads a large table once per account (retention.server.test.ts checks the plans).
// deleteAccount, run for each purged account, still reads ballots, comments and survey responses
// whole (they have no index by account): about 0.1 s per account with a million ballots.
import { sql, type SQL } from "drizzle-orm";
import { recordAudit } from "~/models/audit.server";
import { getRetentionSettings } from "~/models/municipality.server";
import { deleteAccount } from "~/models/privacy.server";
import { getDb } from "~/utils/db.server";
import { RATE_LIMITS } from "~/utils/rate-limit.server";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Accounts deleted per transaction: the database stays free for other writers in between. */
const ACCOUNTS_PER_TRANSACTION = 100;

export type PurgeCounts = { accounts: number; sessions: number; passwordResets: number; outbox: number; rateLimits: number };

/** The counts in one line, for the command line and the server's log. */
export function describePurge(counts: PurgeCounts): string {
  return [
    `${counts.accounts} inactive unverified accounts`,
    `${counts.sessions} expired sessions`,
    `${counts.passwordResets} expired password resets`,
    `${counts.outbox} old outbox messages`,
    `${counts.rateLimits} stale rate-limit records`,
  ].join(", ");
}

/** A rate-limit record's window length, from the purpose before the first ":" of its key (the longest when unknown). */
function windowMs(): SQL {
  const limits = Object.entries(RATE_LIMITS);
  const longest = Math.max(...limits.map(([, limit]) => limit.windowMs));
  const cases = limits.map(([name, limit]) => sql`when ${name} then ${limit.windowMs}`);
  return sql`(case substr(key, 1, instr(key, ':') - 1) ${sql.join(cases, sql` `)} else ${longest} end)`;
}

/**
 * The resident accounts to purge at `now`: not staff, never verified, not deleted already, made
 * at or before the cutoff (now − inactiveUnverifiedDays), and without activity after the cutoff.
 * Activity under the account is any of:
 * - a sign-in: a session made after the cutoff, or one still valid now (sessions are the only
 *   record of signing in, and are themselves deleted once expired: a sign-in counts while its
 *   session is kept);
 * - a request for a password-reset code made after the cutoff;
 * - an idea written or edited, a comment written, or a support given after the cutoff;
 * - a ballot cast or changed after the cutoff (such a ballot belongs to a round that closes after
 *   the cutoff, which is how it is found by index);
 * - a survey answered or started after the cutoff: a response under the account, the record that
 *   the account answered (anonymous surveys keep only that, and only the day), or a draft.
 *   Survey days are local dates: they are compared with the date a day before the cutoff, so
 *   that no time zone makes a recent answer look old.
 * `among` limits the question to some accounts (the ones about to be deleted, asked again inside
 * the deleting transaction).
 */
function inactiveUnverified(cutoff: number, now: number, among?: number[]): SQL {
  const cutoffDay = new Date(cutoff - DAY).toISOString().slice(0, 10);
  // CROSS JOIN keeps the small table (rounds, surveys) outside, so the large one is searched by
  // its key with the account in it; with `among`, the unary + sends the search through the ids.
  return sql`
    select u.id from users u
    where ${among ? sql`u.id in ${among} and +u.role = 'resident' and +u.created_at <= ${cutoff}` : sql`u.role = 'resident' and u.created_at <= ${cutoff}`}
      and u.verified_at is null and u.deleted_at is null
      and not exists (select 1 from sessions s where s.user_id = u.id and (s.created_at > ${cutoff} or s.expires_at > ${now}))
      and not exists (select 1 from password_resets pr where pr.user_id = u.id and pr.created_at > ${cutoff})
      and not exists (select 1 from ideas i where i.author_id = u.id and (i.created_at > ${cutoff} or i.updated_at > ${cutoff}))
      and not exists (select 1 from supports sp where sp.user_id = u.id and sp.created_at > ${cutoff})
      and not exists (
        select 1 from rounds ro cross join ballots b on b.round_id = ro.id and b.user_id = u.id
        where ro.closes_at > ${cutoff} and (b.created_at > ${cutoff} or b.updated_at > ${cutoff}))
      and not exists (
        select 1 from surveys sv cross join survey_respondents sw on sw.survey_id = sv.id and sw.who = 'u:' || u.id
        where sv.closes_at > ${cutoff} and sw.day >= ${cutoffDay})
      and not exists (
        select 1 from surveys sv cross join survey_drafts sd on sd.survey_id = sv.id and sd.who = 'u:' || u.id
        where sv.closes_at > ${cutoff} and sd.updated_at > ${cutoff})
      and u.id not in (select sr.user_id from survey_responses sr where sr.day >= ${cutoffDay} and sr.user_id is not null)
      and u.id not in (select c.author_id from comments c where c.created_at > ${cutoff} and c.author_id is not null)
    order by u.id`;
}

/** The statements of a purge at `now`, with the periods they use (exported for the plan check in the tests). */
export function purgeStatements(now = Date.now()) {
  const retention = getRetentionSettings();
  const cutoff = now - retention.inactiveUnverifiedDays * DAY;
  return {
    retention,
    accounts: (among?: number[]) => inactiveUnverified(cutoff, now, among),
    sessions: sql`delete from sessions where expires_at <= ${now - retention.expiredSessionsDays * DAY}`,
    passwordResets: sql`delete from password_resets where expires_at <= ${now}`,
    outbox: sql`delete from outbox where created_at <= ${now - retention.outboxDays * DAY} and status in ('sent', 'failed')`,
    rateLimits: sql`delete from rate_limits where window_start + ${windowMs()} <= ${now - retention.rateLimitHours * HOUR}`,
  };
}

/**
 * Removes what is kept past its period at `now` and returns how many of each kind went. One audit
 * entry (actor: nobody) records the counts and the periods when anything went; each purged account
 * also has deleteAccount's entry, with no actor and `by: "retention"`.
 */
export function purge(now = Date.now()): PurgeCounts {
  const db = getDb();
  const statements = purgeStatements(now);

  let accounts = 0;
  const candidates = db.all<{ id: number }>(statements.accounts()).map((row) => row.id);
  for (let i = 0; i < candidates.length; i += ACCOUNTS_PER_TRANSACTION) {
    const batch = candidates.slice(i, i + ACCOUNTS_PER_TRANSACTION);
    accounts += db.transaction(
      (tx) => {
        // Asked again with the write lock held: the person may have signed in since the first reading.
        const still = tx.all<{ id: number }>(statements.accounts(batch));
        return still.filter(({ id }) => deleteAccount(id, { removeContributions: false, by: "retention" }, now)).length;
      },
      { behavior: "immediate" },
    );
  }

  return db.transaction(
    (tx) => {
      const counts: PurgeCounts = {
        accounts,
        sessions: tx.run(statements.sessions).changes,
        passwordResets: tx.run(statements.passwordResets).changes,
        outbox: tx.run(statements.outbox).changes,
        rateLimits: tx.run(statements.rateLimits).changes,
      };
      if (Object.values(counts).some((n) => n > 0)) {
        recordAudit({ actorId: null, action: "retention.purged", targetType: "retention", targetId: null, details: { ...counts, retention: statements.retention } }, tx);
      }
      return counts;
    },
    { behavior: "immediate" },
  );
}
