// Where mail goes: an SMTP server (SMTP_URL), or .eml files under dataDir/mail for the embedded demo.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Transporter } from 'nodemailer';
import type { Config } from '../config.js';

type NodemailerOptions = Parameters<(typeof import('nodemailer'))['createTransport']>[0];

/**
 * A nodemailer transport made at the first mail: nodemailer is loaded then, not at every start
 * (docs/operations.md, "Warm start"); closing one never made is a no-op.
 */
function lazyTransport(options: NodemailerOptions) {
  let made: Promise<Transporter> | undefined;
  return {
    get: () =>
      (made ??= import('nodemailer').then(({ default: nodemailer }) =>
        nodemailer.createTransport(options),
      )),
    close() {
      void made?.then((transporter) => transporter.close());
    },
  };
}

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
    const transporter = lazyTransport({
      url: config.smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    return {
      async send(mail) {
        const info = await (await transporter.get()).sendMail(base(mail));
        return `SMTP ${String(info.messageId)}`;
      },
      close: () => transporter.close(),
    };
  }
  const dir = path.join(config.dataDir, 'mail');
  const stream = lazyTransport({
    streamTransport: true,
    buffer: true,
    newline: 'unix',
  });
  return {
    async send(mail) {
      const info = await (await stream.get()).sendMail(base(mail));
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
