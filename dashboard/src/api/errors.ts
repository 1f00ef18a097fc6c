// Turns a GraphQL error into what a form needs: messages per field (from extensions.field) and the rest.
import type { CombinedError } from 'urql';

export interface FormErrors {
  fields: Record<string, string>;
  general: string[];
  codes: string[];
}

export function formErrors(
  error: CombinedError | undefined,
  fieldAliases: Record<string, string> = {},
): FormErrors {
  const result: FormErrors = { fields: {}, general: [], codes: [] };
  if (!error) return result;
  if (error.networkError && error.graphQLErrors.length === 0)
    result.general.push(error.networkError.message);
  for (const e of error.graphQLErrors) {
    const code =
      typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL_SERVER_ERROR';
    result.codes.push(code);
    const rawField =
      typeof e.extensions?.field === 'string'
        ? e.extensions.field
        : code === 'OUTSIDE_MUNICIPALITY'
          ? 'location'
          : undefined;
    const field = rawField
      ? (fieldAliases[rawField] ?? rawField.replace(/^input\./, ''))
      : undefined;
    if (field) result.fields[field] = e.message;
    else result.general.push(e.message);
  }
  return result;
}

export function errorCode(error: CombinedError | undefined): string | undefined {
  const code = error?.graphQLErrors[0]?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}
