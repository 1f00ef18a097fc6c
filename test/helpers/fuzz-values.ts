// Malformed and odd argument values for the fuzz test (test/integration/fuzz.test.ts), by GraphQL input
// type, as fast-check arbitraries: wrong types, nulls, huge and odd strings (NUL, lone surrogates, RTL,
// emoji), numbers out of range, bad cursors and IDs, polygons that are not, 10,000-item lists.
import fc from 'fast-check';
import {
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputType,
} from 'graphql';

/** Stands for a number JSON cannot carry: the literal 1e400 (Infinity) in literal mode, 1e308 as JSON. */
export const HUGE = Symbol('1e400');

/** Real values the generators mix in so that some requests get past the first check. */
export interface Pools {
  ids: string[];
  cursors: string[];
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const many = <T>(n: number, v: T): T[] => Array.from({ length: n }, () => v);

const oddStrings = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'via\u0000roma',
    '\ud800',
    'a\udc00b',
    'ok\ud83d',
    '\u202eorbmal\u202c',
    'مرحبا بالعالم',
    '🚧🕳️👍🏽‍♀️',
    'e\u0301\u0301\u0301',
    "' OR '1'='1",
    '%_\\%',
    '\r\n\t',
    'x'.repeat(100_000),
    'é'.repeat(5_000),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 20 }).map((s) => `${s}\u0000${s}`),
);
const plausibleStrings = fc.constantFrom(
  'Buca in via Roma',
  'fuzz@example.org',
  'it',
  'SRV-2222-2222',
  'tickets:read',
  'password-lunga-1',
);
const badIds = fc.constantFrom(
  '',
  '0',
  '-1',
  '1.5',
  '1e3',
  ' 7',
  '07',
  '0x10',
  'abc',
  '2147483648',
  '9007199254740993',
  '99999999999999999999',
  '9223372036854775808',
  '\u0000',
);
/** Forged cursors; the test adds real endCursors of the lists, valid and past the end. */
export const FORGED_CURSORS = [
  'Wy01XQ',
  'WyIxIiwxXQ',
  b64(['o', -1]),
  b64(['o', 1e20]),
  b64(['o', 1.5]),
  b64(['o', 1_000_000]),
  b64(['k', 0]),
  b64(['k', '1']),
  b64(['k', 2 ** 53 + 2]),
  b64([5]),
  b64(['2026-02-30T00:00:00Z', 1]),
  b64({}),
  b64('x'),
  'not-a-cursor',
  '====',
  'x'.repeat(300),
];
const wrongType = fc.constantFrom<unknown>(
  true,
  'many',
  42,
  1.5,
  2 ** 31,
  2 ** 53 + 2,
  HUGE,
  [],
  {},
  { a: 1 },
  [1, 'x'],
);
const polygons = fc.constantFrom<unknown>(
  { type: 'Polygon', coordinates: many(10_000, 'x') },
  { type: 'Polygon', coordinates: [many(10_000, [10.2, 43.9])] },
  {
    type: 'Polygon',
    coordinates: [
      [
        [1e308, 0],
        [1, 0],
        [1, 1],
        [1e308, 0],
      ],
    ],
  },
  {
    type: 'Polygon',
    coordinates: [
      [
        [10.2, 43.9],
        [10.3, 43.9],
        [10.3, 44],
        [10.2, 43.9],
      ],
    ],
  },
  { type: 'MultiPolygon', coordinates: [[[]]] },
  { type: 'Point', coordinates: [10.2, 43.9] },
  { type: 'Polygon', coordinates: JSON.parse('['.repeat(500) + ']'.repeat(500)) },
  { type: 'Polygon\u0000', coordinates: [] },
  { 'k\u0000': 1 },
  {},
);
const dates = fc.constantFrom<unknown>(
  '2026-13-45T00:00:00Z',
  '2026-02-30T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '1970-01-01T00:00:00Z',
  'yesterday',
  '',
  1e20,
);

const typedNumbers: Record<'Int' | 'Float', fc.Arbitrary<unknown>> = {
  Int: fc.oneof(
    fc.constantFrom(-1, 0, 1, 2, 4, 5, 20, 100, 101, 5000, 2 ** 31 - 1, -(2 ** 31)),
    fc.integer(),
  ),
  Float: fc.oneof(
    fc.constantFrom(-1, 0, -0, 0.5, 10.23, 43.99, 181, -91, 1e6, 1e308, -1e308, 5e-324),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
  ),
};

/** Values the scalar accepts (mostly odd ones), so that they reach the resolvers. */
function scalarValues(name: string, argName: string, pools: Pools): fc.Arbitrary<unknown> {
  if (name === 'ID') return fc.oneof(badIds, fc.constantFrom(...pools.ids, '2147483647', 7));
  if (argName === 'after') return fc.oneof(fc.constantFrom(...pools.cursors), oddStrings);
  if (name === 'String') return fc.oneof(oddStrings, plausibleStrings);
  if (name === 'Int' || name === 'Float') return typedNumbers[name];
  if (name === 'Boolean') return fc.boolean();
  if (name === 'DateTime') return dates;
  if (name.startsWith('JSON')) return polygons;
  return oddStrings;
}

/**
 * Values of a GraphQL input type, as JSON: mostly of the right type with odd contents (so they pass
 * coercion and reach the resolvers), sometimes null, 10,000 items long, or of the wrong type.
 */
export function valuesOf(
  type: GraphQLInputType,
  argName: string,
  pools: Pools,
  depth = 0,
): fc.Arbitrary<unknown> {
  const nullable = !isNonNullType(type);
  const inner = isNonNullType(type) ? type.ofType : type;
  let typed: fc.Arbitrary<unknown>;
  if (isListType(inner)) {
    const item = valuesOf(inner.ofType, argName, pools, depth + 1);
    typed = fc.oneof(
      { weight: 4, arbitrary: fc.array(item, { maxLength: 4 }) },
      // 10,000 items, or as many as keep the request near 200 kB when the item is large.
      {
        weight: 1,
        arbitrary: item.map((v) =>
          many(Math.min(10_000, Math.floor(200_000 / (JSON.stringify(v)?.length ?? 4))), v),
        ),
      },
      { weight: 1, arbitrary: item },
    );
  } else if (isEnumType(inner)) {
    typed = fc.constantFrom(...inner.getValues().map((v) => v.name));
  } else if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields());
    typed =
      depth > 3
        ? fc.constant({})
        : fc.record(
            Object.fromEntries(
              fields.map((f) => [f.name, valuesOf(f.type, f.name, pools, depth + 1)]),
            ),
            {
              requiredKeys: fields
                .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
                .map((f) => f.name),
            },
          );
  } else {
    typed = scalarValues(isScalarType(inner) ? inner.name : '', argName, pools);
  }
  return fc.oneof(
    { weight: 24, arbitrary: typed },
    { weight: 2, arbitrary: fc.constant(null) },
    { weight: nullable ? 2 : 1, arbitrary: wrongType },
  );
}

/** The variables as the JSON a client would send. */
export function asJson(variables: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(variables, (_k, v: unknown) => (v === HUGE ? 1e308 : v)));
}
