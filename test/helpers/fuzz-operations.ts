// The fuzz test's requests, built from the schema: one document per query and mutation, with a variable
// for every argument of the field and of every field with arguments below it (Street.activeTickets), and
// the same document with the values written in as literals.
import {
  getNamedType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { HUGE } from './fuzz-values.js';

export interface ArgSite {
  variable: string;
  arg: GraphQLArgument;
}

/** The variable type of an argument: nullable where the argument has a default, so null gets through. */
function variableType(arg: GraphQLArgument): string {
  const type = arg.type;
  return String(arg.defaultValue !== undefined && isNonNullType(type) ? type.ofType : type);
}

function selection(type: GraphQLOutputType, depth: number, sites: ArgSite[]): string {
  const named = getNamedType(type);
  if (!isObjectType(named)) return '';
  const parts = ['__typename'];
  if (depth < 3) {
    for (const field of Object.values(named.getFields())) {
      const inner = selection(field.type, depth + 1, []);
      if (field.args.length) parts.push(`${field.name}${argList(field, sites)} ${inner}`);
      else if (depth < 2 && reachesArgs(field.type, depth + 1))
        parts.push(`${field.name} ${selection(field.type, depth + 1, sites)}`);
    }
  }
  return `{ ${parts.join(' ')} }`;
}

function reachesArgs(type: GraphQLOutputType, depth: number): boolean {
  const named = getNamedType(type);
  if (!isObjectType(named) || depth >= 3) return false;
  return Object.values(named.getFields()).some(
    (f) => f.args.length > 0 || reachesArgs(f.type, depth + 1),
  );
}

function argList(field: GraphQLField<unknown, unknown>, sites: ArgSite[]): string {
  if (!field.args.length) return '';
  const own = field.args.map((arg) => ({ variable: `v${sites.length}_${arg.name}`, arg }));
  sites.push(...own);
  return `(${own.map((s) => `${s.arg.name}: $${s.variable}`).join(', ')})`;
}

/** A GraphQL literal for a JSON value (undefined when it cannot be written as one). */
function literal(value: unknown): string | undefined {
  if (value === HUGE) return '1e400';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => literal(v) ?? 'null').join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([k]) =>
      /^[_A-Za-z]\w*$/.test(k),
    );
    return `{${entries.map(([k, v]) => `${k}: ${literal(v) ?? 'null'}`).join(' ')}}`;
  }
  if (typeof value === 'string')
    return /^[A-Z][A-Z_]*$/.test(value) ? value : JSON.stringify(value);
  return String(value);
}

export interface Operation {
  kind: 'query' | 'mutation';
  field: GraphQLField<unknown, unknown>;
  document: string;
  sites: ArgSite[];
}

export function operations(schema: GraphQLSchema): Operation[] {
  const all: Operation[] = [];
  for (const [kind, root] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const) {
    for (const field of Object.values(root!.getFields())) {
      const sites: ArgSite[] = [];
      const args = argList(field, sites);
      const body = `${field.name}${args} ${selection(field.type, 0, sites)}`;
      const vars = sites.map((s) => `$${s.variable}: ${variableType(s.arg)}`).join(', ');
      all.push({ kind, field, sites, document: `${kind} F${vars ? `(${vars})` : ''} { ${body} }` });
    }
  }
  return all;
}

/** The document with every variable written in as a literal instead (where one can be written). */
export function inlined(op: Operation, variables: Record<string, unknown>): string | undefined {
  let text = op.document.replace(/^(query|mutation) F\([^)]*\)/, '$1 F');
  for (const site of op.sites) {
    const value = variables[site.variable];
    const lit = value === undefined ? undefined : literal(value);
    if (lit === undefined) return undefined;
    text = text.replace(`$${site.variable}`, () => lit);
  }
  return text;
}
