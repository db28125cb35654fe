// The notifier writes to the outbox first, then delivers email over real SMTP when configured.
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const received: Array<{ to: string[]; data: string }> = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  onData(stream, session, callback) {
    let data = "";
    stream.on("data", (chunk: Buffer) => (data += chunk.toString("utf8")));
    stream.on("end", () => {
      received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
      callback();
    });
  },
});

let notify: typeof import("./notifier.server").notify;
let listOutbox: typeof import("~/models/outbox.server").listOutbox;

beforeAll(async () => {
  smtp.listen(0, "127.0.0.1");
  await once(smtp.server, "listening");
  const { port } = smtp.server.address() as AddressInfo;
  // The environment is read once, at import: set SMTP_URL before the notifier is loaded.
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.MAIL_FROM = "Khma <khma@rustavi.example.ge>";
  ({ notify } = await import("./notifier.server"));
  ({ listOutbox } = await import("~/models/outbox.server"));
});

afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

describe("notify", () => {
  it("keeps an email in the outbox and delivers it over SMTP, Georgian text intact", async () => {
    const { id, delivered } = notify({
      channel: "email",
      recipient: "nino@example.ge",
      subject: "ხმა: თქვენი კოდი",
      body: "კოდი: 123456",
    });
    expect(listOutbox().find((m) => m.id === id)?.status).toBe("queued");
    await delivered;
    const stored = listOutbox().find((m) => m.id === id);
    expect(stored?.status).toBe("sent");
    expect(stored?.sentAt).toBeInstanceOf(Date);
    const mail = received.find((m) => m.to.includes("nino@example.ge"));
    expect(mail).toBeDefined();
    expect(mail!.data).toContain("khma@rustavi.example.ge");
    // nodemailer encodes non-ASCII headers and bodies; decode the subject to compare.
    const headers = mail!.data.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, " ");
    const subject = /^Subject: (.*)$/m.exec(headers)?.[1] ?? "";
    const decoded = subject.replace(/=\?UTF-8\?B\?([^?]+)\?=\s*/gi, (_, b64: string) => Buffer.from(b64, "base64").toString("utf8"));
    expect(decoded).toBe("ხმა: თქვენი კოდი");
  });

  it("records a failed delivery and keeps the message", async () => {
    const { id, delivered } = notify({ channel: "email", recipient: "not an address", subject: "x", body: "y" });
    await delivered;
    const stored = listOutbox().find((m) => m.id === id);
    expect(stored?.status).toBe("failed");
    expect(stored?.error).toBeTruthy();
    expect(stored?.body).toBe("y");
  });

  it("keeps a text message waiting in the outbox (no SMS gateway yet)", async () => {
    const before = received.length;
    const { id, delivered } = notify({ channel: "sms", recipient: "+995555000101", subject: "ხმა", body: "კოდი: 654321" });
    await delivered;
    expect(listOutbox().find((m) => m.id === id)?.status).toBe("queued");
    expect(received.length).toBe(before);
  });
});
