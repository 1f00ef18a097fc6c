import { booleanPointInPolygon, distance } from '@turf/turf';
import type { Polygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  TRACKING_CODE_ALPHABET,
  TRACKING_CODE_PATTERN,
} from '../../server/domain/tracking-code.js';
import {
  generateDemoTickets,
  type DemoContext,
  type DemoTicket,
} from '../../seeds/demo-ticket-generator.js';
import { CATEGORIES } from '../../seeds/seravezza.catalog.js';
import { readBoundary, readGeneratedStreets } from '../../seeds/streets.js';

const NOW = Date.UTC(2026, 10, 1, 12);
let ctx: DemoContext;
let tickets: DemoTicket[];

const make = (count: number, seed: number, extra: Partial<DemoContext> = {}) => [
  ...generateDemoTickets({ ...ctx, usedCodes: new Set(), ...extra }, { count, seed }),
];

beforeAll(async () => {
  const streets = await readGeneratedStreets();
  ctx = {
    codePrefix: 'SRV',
    categories: CATEGORIES.map((c, i) => ({
      id: i + 1,
      code: c.code,
      officeId: 1,
      slaHours: c.slaHours,
      duplicateRadiusM: c.duplicateRadiusM,
    })),
    streets: streets.map((s, i) => ({
      id: i + 1,
      nameDisplay: s.properties.name_display,
      lines: s.geometry.type === 'LineString' ? [s.geometry.coordinates] : s.geometry.coordinates,
    })),
    boundary: (await readBoundary()).geometry,
    now: NOW,
    firstId: 1,
  };
  tickets = make(4000, 46028);
});

describe('demo ticket generator', () => {
  it('is deterministic: same seed, same tickets; another seed, others', () => {
    expect(make(300, 5)).toEqual(make(300, 5));
    expect(make(300, 6)).not.toEqual(make(300, 5));
    expect(tickets).toHaveLength(4000);
  });

  it('places every ticket inside the boundary, on a known street', () => {
    const boundary = ctx.boundary as Polygon;
    const streetIds = new Set(ctx.streets.map((s) => s.id));
    for (const t of tickets) {
      expect(booleanPointInPolygon([t.lon, t.lat], boundary), t.code).toBe(true);
      expect(streetIds.has(t.streetId)).toBe(true);
    }
  });

  it('makes unique tracking codes of the public shape, without look-alike characters', () => {
    expect(new Set(tickets.map((t) => t.code)).size).toBe(tickets.length);
    for (const t of tickets) {
      expect(t.code).toMatch(TRACKING_CODE_PATTERN);
      expect(t.code.startsWith('SRV-')).toBe(true);
      for (const ch of t.code.slice(4).replace('-', ''))
        expect(TRACKING_CODE_ALPHABET).toContain(ch);
    }
    const again = make(50, 46028, { usedCodes: new Set(tickets.map((t) => t.code)) });
    expect(again.some((t) => tickets.some((u) => u.code === t.code))).toBe(false);
  });

  it('spreads tickets over two years, oldest first, with seasons (potholes in winter, green in spring and summer)', () => {
    expect(tickets[0].createdAt).toBeGreaterThanOrEqual(NOW - 731 * 86_400_000);
    expect(tickets.at(-1)?.createdAt).toBeLessThanOrEqual(NOW);
    expect(tickets.every((t, i) => i === 0 || t.createdAt >= tickets[i - 1].createdAt)).toBe(true);
    const share = (categoryId: number, months: number[]) => {
      const inMonths = tickets.filter((t) => months.includes(new Date(t.createdAt).getUTCMonth()));
      return inMonths.filter((t) => t.categoryId === categoryId).length / inMonths.length;
    };
    expect(share(1, [11, 0, 1])).toBeGreaterThan(share(1, [5, 6, 7]) * 1.3); // potholes
    expect(share(6, [4, 5, 6])).toBeGreaterThan(share(6, [11, 0, 1]) * 2); // green areas
  });

  it('keeps phase timestamps consistent with the status', () => {
    for (const t of tickets) {
      const phases = [t.createdAt, t.acknowledgedAt, t.startedAt, t.resolvedAt].filter(
        (x): x is number => x !== null,
      );
      expect(phases).toEqual([...phases].sort((a, b) => a - b));
      expect(t.updatedAt).toBeLessThanOrEqual(NOW);
      expect(t.dueAt).toBe(t.createdAt + ctx.categories[t.categoryId - 1].slaHours * 3_600_000);
      expect(t.priority).toBeGreaterThanOrEqual(1);
      expect(t.priority).toBeLessThanOrEqual(4);
      expect(t.resolvedAt !== null).toBe(t.status === 'resolved');
      expect(t.closedAt !== null).toBe(['resolved', 'rejected', 'duplicate'].includes(t.status));
      expect(t.rejectReason !== null).toBe(t.status === 'rejected');
      expect(t.duplicateOf !== null).toBe(t.status === 'duplicate');
      expect(t.events[0].kind).toBe('received');
      expect(t.events.at(-1)?.to).toBe(t.status);
      expect(t.title.length).toBeLessThanOrEqual(120);
    }
    const old = tickets.filter((t) => t.createdAt < NOW - 365 * 86_400_000);
    expect(old.filter((t) => t.status === 'resolved').length / old.length).toBeGreaterThan(0.75);
    expect(tickets.some((t) => t.status === 'rejected')).toBe(true);
  });

  it('points duplicates at an earlier open-or-resolved ticket of the same category nearby', () => {
    const byId = new Map(tickets.map((t) => [t.id, t]));
    const duplicates = tickets.filter((t) => t.duplicateOf !== null);
    expect(duplicates.length).toBeGreaterThan(20);
    for (const d of duplicates) {
      const o = byId.get(d.duplicateOf as number) as DemoTicket;
      expect(o.id).toBeLessThan(d.id);
      expect(o.categoryId).toBe(d.categoryId);
      expect(['received', 'acknowledged', 'in_progress', 'resolved']).toContain(o.status);
      expect(distance([d.lon, d.lat], [o.lon, o.lat], { units: 'meters' })).toBeLessThan(
        ctx.categories[d.categoryId - 1].duplicateRadiusM,
      );
    }
  });

  it('makes clusters of open near-duplicates and some supporters with demo e-mails', () => {
    const open = tickets.filter((t) =>
      ['received', 'acknowledged', 'in_progress'].includes(t.status),
    );
    const clustered = open.filter((a) =>
      open.some(
        (b) =>
          b !== a &&
          b.categoryId === a.categoryId &&
          distance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' }) <
            ctx.categories[a.categoryId - 1].duplicateRadiusM,
      ),
    );
    expect(clustered.length).toBeGreaterThan(20);
    const supported = tickets.filter((t) => t.supporters.length > 0);
    expect(supported.length).toBeGreaterThan(100);
    for (const t of supported) {
      const emails = t.supporters.map((s) => s.email);
      expect(new Set([...emails, t.reporterEmail]).size).toBe(emails.length + 1);
      for (const s of t.supporters) {
        expect(s.email).toMatch(/^cittadino\d+@example\.org$/);
        expect(s.at).toBeGreaterThanOrEqual(t.createdAt);
      }
    }
  });
});
