// Every kind of ticket event has a name in both languages of the dashboard (the staff timeline and the
// public tracking page read tracking.event.<kind>), and the server's list is the database's: a kind
// added to ticket_event_kind_check without a label shows up here, not as a raw "restored" on a page.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { en } from '../../dashboard/src/i18n/en.js';
import { it as itMessages } from '../../dashboard/src/i18n/it.js';
import { TICKET_EVENT_KINDS } from '../../server/domain/ticket-event.js';

const sorted = (list: readonly string[]): string[] => [...list].sort();

/** The kinds the newest migration that redefines ticket_event_kind_check allows. */
function kindsInSql(): string[] {
  const dir = new URL('../../sql/', import.meta.url);
  const files = readdirSync(dir)
    .filter((f) => /^\d+\.do\..+\.sql$/.test(f))
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
  let last: string | null = null;
  for (const f of files) {
    const text = readFileSync(new URL(f, dir), 'utf8');
    const all = [...text.matchAll(/ticket_event_kind_check check \(kind in \(([^)]*)\)\)/g)];
    if (all.length > 0) last = all[all.length - 1][1];
  }
  if (last === null) throw new Error('no ticket_event_kind_check in sql/');
  return [...last.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
}

describe('ticket event kinds', () => {
  it('the server list is the database constraint', () => {
    expect(sorted(TICKET_EVENT_KINDS)).toEqual(sorted(kindsInSql()));
  });

  it.each([
    ['it', itMessages.tracking.event],
    ['en', en.tracking.event],
  ])('every kind has a %s label, and no label is left for a kind that is gone', (_, labels) => {
    expect(sorted(Object.keys(labels))).toEqual(sorted(TICKET_EVENT_KINDS));
    for (const label of Object.values(labels)) expect(label).toMatch(/\S{3,}/);
  });

  it('restored (an intervention cancelled or unlinked) reads as a phrase in both languages', () => {
    expect(itMessages.tracking.event.restored).toBe(
      'Tornata alla fase precedente (intervento annullato o scollegato)',
    );
    expect(en.tracking.event.restored).toBe(
      'Back to its earlier phase (intervention cancelled or unlinked)',
    );
  });
});
