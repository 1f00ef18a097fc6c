// Without SMTP_URL (the embedded demo) mail is written as .eml files under dataDir/mail.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxSender } from '../../server/mail/outbox-sender.js';
import { categoryId, reportInput, streetPoint } from '../helpers/citizen.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

describe('mail without SMTP', () => {
  let db: TestDatabase;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'segnala-mail-'));
    db = await createTestDatabase({ SEGNALA_DATA_DIR: dataDir });
  });

  afterAll(async () => {
    await db?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes an English .eml per message and logs the path, never the address', async () => {
    const point = await streetPoint(db, 2);
    const code = await db.services.reports.submit(
      reportInput(await categoryId(db, 'illuminazione_pubblica'), point, {
        email: 'jane.doe@example.org',
        locale: 'en',
        title: 'Street light out',
      }),
      '192.0.2.1',
    );
    const lines: string[] = [];
    const sender = createOutboxSender(db.pool, db.config, {
      info: (m) => lines.push(m),
      warn: (m) => lines.push(m),
    });
    expect(await sender.runOnce()).toBe(2);
    await sender.stop();
    const files = (await readdir(path.join(dataDir, 'mail'))).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(2);
    const contents = await Promise.all(
      files.map((f) => readFile(path.join(dataDir, 'mail', f), 'utf8')),
    );
    const citizen = contents.find((c) => c.includes('To: jane.doe@example.org'))!;
    expect(citizen).toContain(`Subject: [${code}] Report received`);
    expect(citizen).toContain(`http://segnala.test/segnalazioni/${code}`);
    expect(citizen).toMatch(/List-Unsubscribe:\s+<http:\/\/segnala\.test\/unsubscribe\//);
    expect(lines.join('\n')).toContain(path.join(dataDir, 'mail'));
    expect(lines.join('\n')).not.toContain('jane.doe');
    const { rows } = await db.pool.query(
      'select count(*)::int as n from notification_outbox where sent_at is null',
    );
    expect(rows[0].n).toBe(0);
  });
});
