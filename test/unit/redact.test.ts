import { describe, expect, it } from 'vitest';
import { loggableError, redact } from '../../server/domain/redact.js';

describe('log redaction', () => {
  it('removes e-mail addresses from SMTP replies and PostgreSQL details', () => {
    expect(redact('550 5.1.1 <mario.rossi@example.org>: Recipient address rejected')).toBe(
      '550 5.1.1 <<address>>: Recipient address rejected',
    );
    expect(redact('Key (email_key)=(anna@example.org) already exists.')).toBe(
      'Key (email_key)=(<address>) already exists.',
    );
  });

  it('keeps only kind, code, message and stack of an error, all redacted', () => {
    const error = Object.assign(new Error('duplicate key: anna@example.org'), {
      code: '23505',
      detail: 'Key (email)=(anna@example.org)',
    });
    const logged = loggableError(error);
    expect(logged).toMatchObject({
      type: 'Error',
      code: '23505',
      message: 'duplicate key: <address>',
    });
    expect(JSON.stringify(logged)).not.toContain('anna@example.org');
  });
});
