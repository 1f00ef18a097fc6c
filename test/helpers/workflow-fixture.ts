// The world of the workflow mail tests: a real SMTP server, a test database that mails to it, an
// outbox sender (started by the tests that want delivery), GraphQL as any viewer, and an operator of
// the Ufficio Tecnico – Lavori Pubblici.
import type { Viewer } from '../../server/domain/viewer.js';
import { buildSegnalaSchema } from '../../server/graphql/build-schema.js';
import { createOutboxSender, type OutboxSender } from '../../server/mail/outbox-sender.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { startTestSmtp, type TestSmtp } from './smtp.js';
import { createGql, createStaff } from './staff-fixtures.js';

export interface WorkflowFixture {
  db: TestDatabase;
  smtp: TestSmtp;
  sender: OutboxSender;
  gql: ReturnType<typeof createGql>;
  operator: Viewer;
  close(): Promise<void>;
}

export async function startWorkflowFixture(): Promise<WorkflowFixture> {
  const smtp = await startTestSmtp();
  const db = await createTestDatabase({ SMTP_URL: smtp.url });
  const sender = createOutboxSender(db.pool, db.config, {
    info: () => undefined,
    warn: () => undefined,
  });
  const gql = createGql(db, await buildSegnalaSchema());
  const operator = await createStaff(db, 'tecnico@example.org', 'operator', ['lavori_pubblici']);
  return {
    db,
    smtp,
    sender,
    gql,
    operator,
    async close() {
      await sender.stop();
      await db.close();
      await smtp.close();
    },
  };
}
