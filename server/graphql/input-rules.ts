// The rules that hold for every input of the API, checked once per request before any resolver runs
// (an Apollo plugin at didResolveOperation), so that no field repeats them and none forgets them:
//  - variables are coerced here: values of the wrong type are one BAD_USER_INPUT naming the variable,
//    however many items of a list are wrong (graphql-js stops at 50 with an error that has no code);
//  - text (String, ID, and every string or key inside a JSON value) holds no NUL character, which
//    PostgreSQL cannot store, and no lone UTF-16 surrogate, which UTF-8 cannot encode;
//  - a non-null argument or input field with a default is omitted or given a value: an explicit null
//    through a variable would otherwise reach the resolver as null;
//  - a list holds at most its documented number of items (list-limits.ts).
// Every refusal is BAD_USER_INPUT naming the argument or input field, with HTTP status 400.
import type { ApolloServerPlugin } from '@apollo/server';
import {
  getVariableValues,
  GraphQLError,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  TypeInfo,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLInputType,
  type ValueNode,
} from 'graphql';
import type { Context } from './context.js';
import { maxItemsOf } from './list-limits.js';

type InputDef = GraphQLArgument | GraphQLInputField;

/** JSON values (polygons) deeper than this are refused: no GeoJSON we accept is deeper than 5. */
const MAX_JSON_DEPTH = 32;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function refuse(field: string, message: string): never {
  throw new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', field, http: { status: 400 } },
  });
}

function checkText(text: string, field: string): void {
  if (text.includes('\u0000'))
    refuse(field, `Testo non valido (${field}): contiene il carattere nullo U+0000.`);
  if (LONE_SURROGATE.test(text))
    refuse(field, `Testo non valido (${field}): contiene un carattere Unicode spezzato.`);
}

/** Every string and key of a scalar's value (String, ID, JSON). */
function checkScalar(value: unknown, field: string, depth = 0): void {
  if (typeof value === 'string') return checkText(value, field);
  if (value === null || typeof value !== 'object' || value instanceof Date) return;
  if (depth > MAX_JSON_DEPTH)
    refuse(field, `Valore non valido (${field}): troppi livelli annidati.`);
  for (const [key, item] of Object.entries(value)) {
    checkText(key, field);
    checkScalar(item, field, depth + 1);
  }
}

/** Text and list lengths of a coerced value of `type`, naming the innermost argument or input field. */
function checkValue(value: unknown, type: GraphQLInputType, def: InputDef): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) return checkValue(value, type.ofType, def);
  if (isListType(type)) {
    const items = value as unknown[];
    const max = maxItemsOf(def);
    if (items.length > max)
      refuse(
        def.name,
        `Troppi elementi in ${def.name}: al massimo ${max}, ricevuti ${items.length}.`,
      );
    for (const item of items) checkValue(item, type.ofType, def);
    return;
  }
  if (isInputObjectType(type)) {
    const fields = type.getFields();
    for (const [key, item] of Object.entries(value as Record<string, unknown>))
      if (fields[key]) checkValue(item, fields[key].type, fields[key]);
    return;
  }
  if (!isEnumType(type)) checkScalar(value, def.name);
}

/** An explicit null (through a variable) where the schema says non-null and a default stands in. */
function checkNulls(
  node: ValueNode,
  type: GraphQLInputType,
  def: InputDef,
  variables: Record<string, unknown>,
): void {
  if (node.kind === Kind.VARIABLE) {
    if (isNonNullType(type) && variables[node.name.value] === null)
      refuse(
        def.name,
        `${def.name} non può essere null: omettilo per avere il valore predefinito.`,
      );
    return;
  }
  const inner = isNonNullType(type) ? type.ofType : type;
  if (node.kind === Kind.LIST && isListType(inner))
    node.values.forEach((item) => checkNulls(item, inner.ofType, def, variables));
  if (node.kind === Kind.OBJECT && isInputObjectType(inner)) {
    const fields = inner.getFields();
    for (const f of node.fields) {
      const field = fields[f.name.value];
      if (field) checkNulls(f.value, field.type, field, variables);
    }
  }
}

function coercionError(errors: readonly GraphQLError[]): never {
  const first = errors[0];
  const node = first.nodes?.[0];
  const name = node?.kind === Kind.VARIABLE_DEFINITION ? node.variable.name.value : 'variables';
  const more = errors.length > 1 ? ' (e altri valori non validi)' : '';
  refuse(name, `${first.message.slice(0, 300)}${more}`);
}

export function inputRulesPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const coerced = getVariableValues(
            schema,
            operation.variableDefinitions ?? [],
            request.variables ?? {},
            { maxErrors: 50 },
          );
          if (coerced.errors) coercionError(coerced.errors);
          const variables = coerced.coerced;
          const typeInfo = new TypeInfo(schema);
          visit(
            document,
            visitWithTypeInfo(typeInfo, {
              OperationDefinition: (node) => (node === operation ? undefined : false),
              Field(node) {
                const field = typeInfo.getFieldDef();
                for (const arg of node.arguments ?? []) {
                  const def = field?.args.find((a) => a.name === arg.name.value);
                  if (!def) continue;
                  checkNulls(arg.value, def.type, def, variables);
                  checkValue(valueFromAST(arg.value, def.type, variables), def.type, def);
                }
              },
            }),
          );
        },
      };
    },
  };
}
