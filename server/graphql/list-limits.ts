// Every list the API accepts has a maximum length: MAX_LIST_ITEMS, or a tighter one set with
// @MaxItems(n) on the field. input-rules.ts enforces it on every request and documentListLimits writes
// it into the schema description, so the documented and the enforced limit are the same number.
import {
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { Extensions } from 'type-graphql';

export const MAX_LIST_ITEMS = 100;

/** A tighter maximum length for the list of this argument or input field. */
export function MaxItems(n: number): PropertyDecorator & MethodDecorator & ClassDecorator {
  return Extensions({ maxItems: n });
}

export function maxItemsOf(input: GraphQLArgument | GraphQLInputField): number {
  const n = input.extensions?.maxItems;
  return typeof n === 'number' ? n : MAX_LIST_ITEMS;
}

export function isListInput(type: GraphQLInputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

function document(input: GraphQLArgument | GraphQLInputField): void {
  if (!isListInput(input.type)) return;
  const note = `At most ${maxItemsOf(input)} items.`;
  input.description = input.description ? `${input.description} ${note}` : note;
}

/** Appends "At most N items." to the description of every list argument and input field. */
export function documentListLimits(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type))
      for (const field of Object.values(type.getFields())) field.args.forEach(document);
    if (isInputObjectType(type)) Object.values(type.getFields()).forEach(document);
  }
  return schema;
}
