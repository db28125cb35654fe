// Telling people what happened to ideas they wrote or support: always in the app,
// and by email (through the notifier's outbox) to those who have an address and want it.
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { notifications, users, type Translated } from "#db/schema";
import { pick } from "~/domain/translated";
import { getDb } from "~/utils/db.server";
import { getT } from "~/utils/i18n.server";
import { isLanguage } from "~/utils/i18n";
import { notify } from "~/utils/notifier.server";

export type NotificationKind = "status" | "merged" | "comment" | "plan";
export type NotificationData = { title: string; status?: string; survivorId?: number; answer?: string | null; measure?: Translated | string };

export function notifyPeople(userIds: number[], input: { kind: NotificationKind; ideaId: number; data: NotificationData; baseUrl: string }): void {
  if (userIds.length === 0) return;
  const db = getDb();
  const people = db
    .select({ id: users.id, email: users.email, locale: users.locale, notifyByEmail: users.notifyByEmail })
    .from(users)
    .where(inArray(users.id, userIds))
    .all();
  db.transaction((tx) => {
    for (const person of people) {
      tx.insert(notifications).values({ userId: person.id, kind: input.kind, ideaId: input.ideaId, data: input.data }).run();
    }
  });
  for (const person of people) {
    if (!person.email || !person.notifyByEmail) continue;
    const language = isLanguage(person.locale) ? person.locale : "ka";
    const t = getT(language, "ideas");
    const text = notificationText(t, input.kind, input.data, language);
    notify({
      channel: "email",
      recipient: person.email,
      subject: text,
      body: `${text}\n\n${input.data.answer ? `${input.data.answer}\n\n` : ""}${new URL(`/ideas/${input.ideaId}`, input.baseUrl)}\n\n${t("notifications.unsubscribe", { url: new URL("/me", input.baseUrl).toString() })}`,
    });
  }
}

type T = ReturnType<typeof getT>;
export function notificationText(t: T, kind: string, data: NotificationData, language = "ka"): string {
  if (kind === "merged") return t("notifications.merged", { title: data.title });
  if (kind === "comment") return t("notifications.comment", { title: data.title });
  // The measure's title is kept in every language, and shown in the reader's.
  if (kind === "plan") return t("notifications.plan", { title: data.title, measure: typeof data.measure === "string" ? data.measure : pick(data.measure, language) });
  return t("notifications.status", { title: data.title, status: t(`status.${data.status ?? "published"}`) });
}

export function listNotifications(userId: number, limit = 50) {
  return getDb()
    .select({ id: notifications.id, kind: notifications.kind, ideaId: notifications.ideaId, data: notifications.data, createdAt: notifications.createdAt, readAt: notifications.readAt })
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.id))
    .limit(limit)
    .all();
}

export function countUnread(userId: number): number {
  return getDb().select({ n: sql<number>`count(*)` }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt))).get()?.n ?? 0;
}

export function markAllRead(userId: number, now = Date.now()): void {
  getDb().update(notifications).set({ readAt: new Date(now) }).where(and(eq(notifications.userId, userId), isNull(notifications.readAt))).run();
}

export function setEmailPreference(userId: number, notifyByEmail: boolean): void {
  getDb().update(users).set({ notifyByEmail }).where(eq(users.id, userId)).run();
}

export function getEmailPreference(userId: number): boolean {
  return getDb().select({ v: users.notifyByEmail }).from(users).where(eq(users.id, userId)).get()?.v ?? true;
}
