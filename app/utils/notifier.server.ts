// Every outgoing message goes through here: it is written to the outbox first (so nothing is
// lost and the hub can see it), then delivered by SMTP when SMTP_URL is set.
import nodemailer, { type Transporter } from "nodemailer";
import { addToOutbox, markFailed, markSent } from "~/models/outbox.server";
import { env } from "~/utils/env.server";

export type Message = { channel: "email" | "sms"; recipient: string; subject: string; body: string };

let transport: Transporter | null | undefined;
function smtp(): Transporter | null {
  if (transport === undefined) transport = env.SMTP_URL ? nodemailer.createTransport(env.SMTP_URL) : null;
  return transport;
}

/** Queues a message and starts its delivery. Resolves once it is safely in the outbox. */
export function notify(message: Message): { id: number; delivered: Promise<void> } {
  const id = addToOutbox(message);
  if (!env.isProduction && env.NODE_ENV !== "test") {
    console.info(`[outbox #${id}] ${message.channel} to ${message.recipient}: ${message.subject}`);
  }
  const transporter = message.channel === "email" ? smtp() : null;
  const delivered = transporter
    ? transporter
        .sendMail({ from: env.MAIL_FROM, to: message.recipient, subject: message.subject, text: message.body })
        .then(
          () => markSent(id),
          (error: unknown) => markFailed(id, error instanceof Error ? error.message : String(error)),
        )
    : Promise.resolve();
  return { id, delivered };
}
