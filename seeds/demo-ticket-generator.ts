// Pure, deterministic demo-report generator: same context and seed → the same reports, in the order
// they were made (oldest first), so a duplicate always points at an earlier report.
import type { MultiPolygon, Polygon } from 'geojson';
import { isOpen, type TicketStatus } from '../server/domain/ticket-status.js';
import { TRACKING_CODE_ALPHABET } from '../server/domain/tracking-code.js';
import {
  apportion,
  categoryWeight,
  DAY_MS,
  dayWeight,
  HOUR_MS,
  HOUR_WEIGHTS,
  priorityWeights,
} from './demo-ticket-mix.js';
import { lifecycle, type DemoEvent, type LifecycleMode } from './demo-ticket-lifecycle.js';
import { fill, textsFor } from './demo-ticket-texts.js';
import { StreetSampler, type DemoStreet } from './demo-street-sampler.js';
import { createPrng, type Prng } from './prng.js';

export interface DemoCategory {
  id: number;
  code: string;
  officeId: number;
  slaHours: number;
  duplicateRadiusM: number;
}

export interface DemoContext {
  codePrefix: string;
  categories: readonly DemoCategory[];
  streets: readonly DemoStreet[];
  boundary: Polygon | MultiPolygon;
  /** Epoch ms; reports span the two years before it. */
  now: number;
  /** Id of the first generated report (ids are given here so duplicates can point at them). */
  firstId: number;
  /** Codes already in use; generated codes are added to it. */
  usedCodes?: Set<string>;
}

export interface DemoTicket {
  id: number;
  code: string;
  categoryId: number;
  officeId: number;
  streetId: number;
  status: TicketStatus;
  priority: number;
  title: string;
  description: string;
  address: string;
  lon: number;
  lat: number;
  rejectReason: string | null;
  duplicateOf: number | null;
  createdAt: number;
  acknowledgedAt: number | null;
  startedAt: number | null;
  resolvedAt: number | null;
  closedAt: number | null;
  dueAt: number;
  updatedAt: number;
  reporterEmail: string;
  supporters: { email: string; at: number }[];
  events: DemoEvent[];
}

interface Recent {
  id: number;
  lon: number;
  lat: number;
  street: number;
  createdAt: number;
  status: TicketStatus;
}

const PERIOD_DAYS = 730;
const RECENT_PER_CATEGORY = 48;

function trackingCode(rnd: Prng, prefix: string, used: Set<string>): string {
  for (;;) {
    let code = `${prefix}-`;
    for (let i = 0; i < 9; i++)
      code +=
        i === 4
          ? '-'
          : TRACKING_CODE_ALPHABET[Math.floor(rnd.next() * TRACKING_CODE_ALPHABET.length)];
    if (!used.has(code)) {
      used.add(code);
      return code;
    }
  }
}

/** Creation times, oldest first, spread over the two years before `now` with seasonality. */
function* creationTimes(
  rnd: Prng,
  count: number,
  now: number,
  categories: readonly DemoCategory[],
): Generator<number> {
  const start = now - PERIOD_DAYS * DAY_MS;
  const weights = Array.from({ length: PERIOD_DAYS }, (_, i) => {
    const day = new Date(start + i * DAY_MS);
    return (
      dayWeight(day, i / PERIOD_DAYS) *
      categories.reduce((s, c) => s + categoryWeight(c.code, day.getUTCMonth()), 0)
    );
  });
  const perDay = apportion(count, weights);
  for (let i = 0; i < PERIOD_DAYS; i++) {
    const times = Array.from(
      { length: perDay[i] },
      () =>
        start +
        i * DAY_MS +
        rnd.weighted(HOUR_WEIGHTS) * HOUR_MS +
        Math.floor(rnd.next() * HOUR_MS),
    );
    yield* times.map((t) => Math.min(t, now - 1)).sort((a, b) => a - b);
  }
}

function citizen(rnd: Prng, citizens: number): number {
  return 1 + Math.floor(citizens * rnd.next() ** 1.5);
}

export function* generateDemoTickets(
  ctx: DemoContext,
  opts: { count: number; seed: number },
): Generator<DemoTicket> {
  const rnd = createPrng(opts.seed);
  const sampler = new StreetSampler(ctx.streets, ctx.boundary);
  const used = ctx.usedCodes ?? new Set<string>();
  const citizens = Math.max(1000, Math.ceil(opts.count / 3));
  const recent = new Map<number, Recent[]>(ctx.categories.map((c) => [c.id, []]));
  let id = ctx.firstId;
  for (const createdAt of creationTimes(rnd, opts.count, ctx.now, ctx.categories)) {
    const month = new Date(createdAt).getUTCMonth();
    const category =
      ctx.categories[rnd.weighted(ctx.categories.map((c) => categoryWeight(c.code, month)))];
    const ring = recent.get(category.id) as Recent[];
    const priority = 1 + rnd.weighted(priorityWeights(category.code));
    let place = sampler.place(rnd);
    let mode: LifecycleMode = 'normal';
    let original: Recent | undefined;
    const roll = rnd.next();
    if (roll < 0.035) {
      // Someone files again a problem already reported (open or fixed) a few weeks earlier.
      original = rnd.pick(
        ring.filter(
          (r) => r.createdAt > createdAt - 45 * DAY_MS && (isOpen(r) || r.status === 'resolved'),
        ),
      );
      mode = 'duplicate';
    } else if (roll < 0.3 && createdAt > ctx.now - 90 * DAY_MS) {
      // Recent reports pile up around open ones: the clusters planners look for.
      original = rnd.pick(ring.filter((r) => r.createdAt > createdAt - 45 * DAY_MS && isOpen(r)));
      mode = 'open';
    }
    if (original) {
      const near = sampler.near(rnd, original.lon, original.lat, category.duplicateRadiusM * 0.7);
      place = { street: original.street, ...near };
    } else mode = 'normal';
    const life = lifecycle(rnd, createdAt, ctx.now, category.slaHours, priority, mode);
    const street = ctx.streets[place.street];
    const texts = textsFor(category.code);
    const reporter = citizen(rnd, citizens);
    const supporters: DemoTicket['supporters'] = [];
    if (life.status !== 'duplicate' && life.status !== 'rejected' && rnd.chance(0.3)) {
      const wanted = Math.min(20, 1 + Math.floor(-Math.log(1 - rnd.next()) * 2));
      const emails = new Set<number>([reporter]);
      const end = life.closedAt ?? ctx.now;
      for (let k = 0; k < wanted * 3 && supporters.length < wanted; k++) {
        const who = citizen(rnd, citizens);
        if (emails.has(who)) continue;
        emails.add(who);
        supporters.push({
          email: `cittadino${who}@example.org`,
          at: createdAt + Math.floor(rnd.next() * (end - createdAt)),
        });
      }
    }
    const ticket: DemoTicket = {
      id,
      code: trackingCode(rnd, ctx.codePrefix, used),
      categoryId: category.id,
      officeId: category.officeId,
      streetId: street.id,
      ...life,
      priority,
      title: fill(rnd.pick(texts.titles), street.nameDisplay, 120),
      description: fill(rnd.pick(texts.descriptions), street.nameDisplay, 4000),
      address: street.nameDisplay,
      lon: place.lon,
      lat: place.lat,
      duplicateOf: life.status === 'duplicate' && original ? original.id : null,
      createdAt,
      dueAt: createdAt + category.slaHours * HOUR_MS,
      updatedAt: life.events[life.events.length - 1].at,
      reporterEmail: `cittadino${reporter}@example.org`,
      supporters,
    };
    if (ticket.status !== 'duplicate') {
      ring.push({
        id,
        lon: place.lon,
        lat: place.lat,
        street: place.street,
        createdAt,
        status: ticket.status,
      });
      if (ring.length > RECENT_PER_CATEGORY) ring.shift();
    }
    id++;
    yield ticket;
  }
}
