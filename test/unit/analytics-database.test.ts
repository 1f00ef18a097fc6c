// The analytics pool's pieces that need no server: how a replica is named in warnings (never with its
// password), and which replica errors count as "unavailable, ask again" (SERVICE_UNAVAILABLE).
import { describe, expect, it } from 'vitest';
import { describeAnalyticsServer } from '../../server/db/analytics-database.js';
import { isDatabaseUnavailable } from '../../server/db/pool.js';

function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('analytics database', () => {
  it('names the replica by host, port and database, never by user or password', () => {
    expect(describeAnalyticsServer('postgres://ro:s3cret@replica.example.it:5433/segnala')).toBe(
      'replica.example.it:5433/segnala',
    );
    expect(
      describeAnalyticsServer(
        'postgres://ro:s3cret@db1,db2:5434/segnala?target_session_attrs=prefer-standby',
      ),
    ).toBe('db1:5432,db2:5434/segnala');
    expect(describeAnalyticsServer('/var/run/postgresql')).not.toContain('s3cret');
  });

  it("takes a standby's recovery-conflict cancel as unavailable, not a primary's serialization failure", () => {
    expect(
      isDatabaseUnavailable(pgError('40001', 'canceling statement due to conflict with recovery')),
    ).toBe(true);
    expect(
      isDatabaseUnavailable(
        pgError('40001', 'could not serialize access due to concurrent update'),
      ),
    ).toBe(false);
    expect(
      isDatabaseUnavailable(pgError('25006', 'cannot execute INSERT in a read-only transaction')),
    ).toBe(true);
  });
});
