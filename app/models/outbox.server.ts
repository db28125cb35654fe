import { desc, eq } from "drizzle-orm";
import { outbox } from "#db/schema";
import { getDb } from "~/utils/db.server";

export type OutboxMessage = {
  id: number;
  channel: "email" | "sms";
  recipient: string;
  subject: string;
  body: string;
  status: "queued" | "sent" | "failed";
  error: string | null;
  createdAt: Date;
  sentAt: Date | null;
};

export function addToOutbox(message: Pick<OutboxMessage, "channel" | "recipient" | "subject" | "body">): number {
  return getDb().insert(outbox).values(message).returning({ id: outbox.id }).get().id;
}

export function markSent(id: number, now = Date.now()): void {
  getDb().update(outbox).set({ status: "sent", sentAt: new Date(now), error: null }).where(eq(outbox.id, id)).run();
}

export function markFailed(id: number, error: string): void {
  getDb().update(outbox).set({ status: "failed", error: error.slice(0, 500) }).where(eq(outbox.id, id)).run();
}

export function listOutbox({ limit = 50, offset = 0 } = {}): OutboxMessage[] {
  return getDb().select().from(outbox).orderBy(desc(outbox.id)).limit(limit).offset(offset).all();
}
