// Where mail goes: an SMTP server (SMTP_URL), or .eml files under dataDir/mail for the embedded demo.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config.js';

export interface OutgoingMail {
  id: number;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  /** Sender of this mail: the comune's effective one (senderOf in server/services/comune-settings.ts). */
  from: string;
}

export interface MailTransport {
  /** Resolves with a description of where it went (never the recipient), or rejects. */
  send(mail: OutgoingMail): Promise<string>;
  close(): void;
}

export function createMailTransport(config: Config): MailTransport {
  const base = (mail: OutgoingMail) => ({
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: mail.headers,
  });
  if (config.smtpUrl) {
    // Short timeouts: a hung server must not hold a batch; the row is retried with backoff anyway.
    const transporter = nodemailer.createTransport({
      url: config.smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    return {
      async send(mail) {
        const info = await transporter.sendMail(base(mail));
        return `SMTP ${String(info.messageId)}`;
      },
      close: () => transporter.close(),
    };
  }
  const dir = path.join(config.dataDir, 'mail');
  const stream = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'unix',
  });
  return {
    async send(mail) {
      const info = await stream.sendMail(base(mail));
      await mkdir(dir, { recursive: true });
      const file = path.join(
        dir,
        `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.id}.eml`,
      );
      await writeFile(file, info.message as Buffer);
      return file;
    },
    close: () => stream.close(),
  };
}
