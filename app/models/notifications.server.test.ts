// Telling people about their ideas: always in the app, by e-mail only to those with an address who want it,
// and in each person's own language.
import { and, eq, gt, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { notifications, outbox, users } from "#db/schema";
import { createIdea } from "./ideas.server";
import { listDistricts, listGoals } from "./municipality.server";
import { countUnread, getEmailPreference, listNotifications, markAllRead, notifyPeople, setEmailPreference } from "./notifications.server";
import { createUser } from "./users.server";
import { getDb } from "~/utils/db.server";
import { getT } from "~/utils/i18n.server";

const BASE = "https://khma.example.ge";

let ideaId = 0;
let nino = { id: 0, email: "" };
let irina = { id: 0, email: "" };
let phoneOnly = 0;

function byEmail(email: string) {
  const row = getDb().select({ id: users.id, email: users.email }).from(users).where(eq(users.email, email)).get();
  if (!row?.email) throw new Error(`no demo account ${email}`);
  return { id: row.id, email: row.email };
}

let counter = 0;
function person(locale: string) {
  counter += 1;
  const email = `person${counter}.${locale}@notify.test`;
  const user = createUser({ displayName: `Person ${counter}`, identifier: { kind: "email", value: email }, passwordHash: "x", locale });
  if (!user) throw new Error("could not create a person");
  return { id: user.id, email };
}

beforeAll(() => {
  nino = byEmail("nino@khma.test");
  irina = byEmail("irina@khma.test");
  const phone = getDb().select({ id: users.id, email: users.email }).from(users).where(eq(users.phone, "+995555000101")).get();
  if (!phone) throw new Error("no phone-only demo account");
  expect(phone.email).toBeNull();
  phoneOnly = phone.id;
  ideaId = createIdea({
    authorId: nino.id,
    title: "Benches on Megobroba avenue",
    description: "There is nowhere to sit between the bus stops on the avenue.",
    goalId: listGoals()[0]!.id,
    districtId: listDistricts()[0]!.id,
    moderation: "post",
  });
});

/** Outbox rows written after `since`, for these recipients. */
function mailSince(since: number, recipients?: string[]) {
  return getDb()
    .select()
    .from(outbox)
    .where(and(gt(outbox.id, since), recipients ? inArray(outbox.recipient, recipients) : undefined))
    .orderBy(outbox.id)
    .all();
}

function lastOutboxId(): number {
  return getDb().select({ id: outbox.id }).from(outbox).orderBy(outbox.id).all().at(-1)?.id ?? 0;
}

function inApp(userId: number, since = 0) {
  return getDb()
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), gt(notifications.id, since)))
    .all();
}

function lastNotificationId(): number {
  return getDb().select({ id: notifications.id }).from(notifications).orderBy(notifications.id).all().at(-1)?.id ?? 0;
}

describe("notifyPeople", () => {
  it("writes one in-app row a person and e-mails only those with an address", () => {
    const sinceMail = lastOutboxId();
    const sinceRow = lastNotificationId();
    notifyPeople([nino.id, irina.id, phoneOnly], { kind: "status", ideaId, data: { title: "Benches on Megobroba avenue", status: "accepted", answer: "In the 2026 budget." }, baseUrl: BASE });
    for (const id of [nino.id, irina.id, phoneOnly]) {
      const rows = inApp(id, sinceRow);
      expect(rows, `user ${id}`).toHaveLength(1);
      expect(rows[0]).toMatchObject({ kind: "status", ideaId, data: { title: "Benches on Megobroba avenue", status: "accepted", answer: "In the 2026 budget." }, readAt: null });
    }
    const mail = mailSince(sinceMail);
    expect(mail.map((m) => m.recipient).sort()).toEqual([irina.email, nino.email].sort());
    for (const m of mail) {
      expect(m).toMatchObject({ channel: "email", status: "queued" });
      expect(m.body).toContain(`${BASE}/ideas/${ideaId}`);
      expect(m.body).toContain("In the 2026 budget.");
      expect(m.body).toContain(`${BASE}/me`);
    }
    // Nothing at all goes to the phone number: not by e-mail, not by SMS.
    expect(mailSince(sinceMail, ["+995555000101"])).toEqual([]);
  });

  it("counts a person listed twice once", () => {
    const sinceMail = lastOutboxId();
    const sinceRow = lastNotificationId();
    notifyPeople([irina.id, irina.id], { kind: "comment", ideaId, data: { title: "Twice" }, baseUrl: BASE });
    expect(inApp(irina.id, sinceRow)).toHaveLength(1);
    expect(mailSince(sinceMail, [irina.email])).toHaveLength(1);
  });

  it("does nothing for nobody", () => {
    const sinceMail = lastOutboxId();
    const sinceRow = lastNotificationId();
    notifyPeople([], { kind: "status", ideaId, data: { title: "Nobody", status: "published" }, baseUrl: BASE });
    expect(mailSince(sinceMail)).toEqual([]);
    expect(lastNotificationId()).toBe(sinceRow);
  });

  it("sends no e-mail after the person turns e-mail off, but still notifies in the app", () => {
    const someone = person("ka");
    expect(getEmailPreference(someone.id)).toBe(true);
    setEmailPreference(someone.id, false);
    expect(getEmailPreference(someone.id)).toBe(false);
    const sinceMail = lastOutboxId();
    const sinceRow = lastNotificationId();
    notifyPeople([someone.id, irina.id], { kind: "status", ideaId, data: { title: "Quiet", status: "published" }, baseUrl: BASE });
    expect(inApp(someone.id, sinceRow)).toHaveLength(1);
    expect(mailSince(sinceMail, [someone.email])).toEqual([]);
    expect(mailSince(sinceMail, [irina.email])).toHaveLength(1);
    // And again when turned back on.
    setEmailPreference(someone.id, true);
    const again = lastOutboxId();
    notifyPeople([someone.id], { kind: "status", ideaId, data: { title: "Loud", status: "published" }, baseUrl: BASE });
    expect(mailSince(again, [someone.email])).toHaveLength(1);
  });

  it("writes each e-mail in the recipient's own language", () => {
    const russian = person("ru");
    const english = person("en");
    const georgian = person("ka");
    const azerbaijani = person("az");
    const unknown = person("xx");
    const sinceMail = lastOutboxId();
    notifyPeople([russian.id, english.id, georgian.id, azerbaijani.id, unknown.id], {
      kind: "status",
      ideaId,
      data: { title: "Скамейки", status: "accepted", answer: null },
      baseUrl: BASE,
    });
    const subject = (email: string) => mailSince(sinceMail, [email])[0]?.subject;
    expect(subject(russian.email)).toBe("«Скамейки»: Включено в план");
    expect(subject(russian.email)).toBe(getT("ru", "ideas")("notifications.status", { title: "Скамейки", status: getT("ru", "ideas")("status.accepted") }));
    expect(subject(english.email)).toBe(getT("en", "ideas")("notifications.status", { title: "Скамейки", status: getT("en", "ideas")("status.accepted") }));
    expect(subject(georgian.email)).toBe(getT("ka", "ideas")("notifications.status", { title: "Скамейки", status: getT("ka", "ideas")("status.accepted") }));
    expect(subject(azerbaijani.email)).toBe(getT("az", "ideas")("notifications.status", { title: "Скамейки", status: getT("az", "ideas")("status.accepted") }));
    // Four different languages, four different subjects.
    expect(new Set([russian, english, georgian, azerbaijani].map((p) => subject(p.email))).size).toBe(4);
    // An unknown locale falls back to Georgian.
    expect(subject(unknown.email)).toBe(subject(georgian.email));
    const russianBody = mailSince(sinceMail, [russian.email])[0]?.body ?? "";
    expect(russianBody).toContain("Чтобы больше не получать эти письма");
    expect(russianBody).not.toContain("null");
  });

  it("words merges and comments in the recipient's language", () => {
    const russian = person("ru");
    const sinceMail = lastOutboxId();
    notifyPeople([russian.id], { kind: "merged", ideaId, data: { title: "Парк", survivorId: 1 }, baseUrl: BASE });
    notifyPeople([russian.id], { kind: "comment", ideaId, data: { title: "Парк" }, baseUrl: BASE });
    expect(mailSince(sinceMail, [russian.email]).map((m) => m.subject)).toEqual(["Идея «Парк» объединена с похожей", "Новый комментарий к идее «Парк»"]);
  });
});

describe("reading notifications", () => {
  it("lists newest first, counts unread, and marks all read", () => {
    const reader = person("en");
    notifyPeople([reader.id], { kind: "status", ideaId, data: { title: "One", status: "published" }, baseUrl: BASE });
    notifyPeople([reader.id], { kind: "comment", ideaId, data: { title: "Two" }, baseUrl: BASE });
    expect(countUnread(reader.id)).toBe(2);
    expect(listNotifications(reader.id).map((n) => n.data?.title)).toEqual(["Two", "One"]);
    markAllRead(reader.id);
    expect(countUnread(reader.id)).toBe(0);
    expect(listNotifications(reader.id).every((n) => n.readAt instanceof Date)).toBe(true);
    // Another person's notifications are untouched.
    expect(countUnread(irina.id)).toBeGreaterThan(0);
  });
});
