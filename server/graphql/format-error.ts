// Turns anything thrown into a client-safe error: known codes pass with their message and details;
// everything else becomes INTERNAL_SERVER_ERROR with a generic message (no stack, no SQL).
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { isDatabaseUnavailable, serviceUnavailable } from '../db/pool.js';
import { AppError, ERROR_CODES } from '../domain/app-error.js';

/** Apollo's own codes for requests that never reached a resolver. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'OPERATION_NOT_SUPPORTED',
]);

/** Apollo's request errors that come without a code, known by their fixed message. */
const UNCODED_REQUEST_ERRORS: Partial<Record<string, { code: string; message: string }>> = {
  'provided sha does not match query': {
    code: 'PERSISTED_QUERY_HASH_MISMATCH',
    message: "L'hash di persistedQuery (sha256Hash) non corrisponde al testo della query inviata.",
  },
  'Unsupported persisted query version': {
    code: 'PERSISTED_QUERY_NOT_SUPPORTED',
    message: 'Versione di persistedQuery non supportata: è ammessa soltanto la versione 1.',
  },
};

/** Every extensions.code formatError can send (metrics count errors by these, and nothing else). */
export const CLIENT_ERROR_CODES: ReadonlySet<string> = new Set([
  ...ERROR_CODES,
  ...REQUEST_ERROR_CODES,
  ...Object.values(UNCODED_REQUEST_ERRORS).map((e) => e?.code ?? 'INTERNAL_SERVER_ERROR'),
  'INTERNAL_SERVER_ERROR',
]);

export type ErrorLogger = (error: unknown, path: GraphQLFormattedError['path']) => void;

export function createFormatError(options: { exposeInternals: boolean; log: ErrorLogger }) {
  return function formatError(
    formatted: GraphQLFormattedError,
    error: unknown,
  ): GraphQLFormattedError {
    const caught = unwrapResolverError(error);
    // A database switch (failover) reaches clients as one retryable code, never as an internal error.
    const original = isDatabaseUnavailable(caught) ? serviceUnavailable() : caught;
    const base = { locations: formatted.locations, path: formatted.path };

    if (original instanceof AppError) {
      return {
        ...base,
        message: original.message,
        extensions: { code: original.code, ...original.details },
      };
    }
    if (original instanceof ArgumentValidationError) {
      const first = original.extensions.validationErrors?.[0];
      const field = first?.property;
      const messages = first?.constraints ? Object.values(first.constraints) : [];
      return {
        ...base,
        message: `Dato non valido${field ? ` (${field})` : ''}: ${messages.join('; ') || 'controlla i valori inviati.'}`,
        extensions: { code: 'BAD_USER_INPUT', field },
      };
    }
    const uncoded =
      original instanceof GraphQLError ? UNCODED_REQUEST_ERRORS[original.message] : undefined;
    if (uncoded) return { ...base, message: uncoded.message, extensions: { code: uncoded.code } };
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
      // input-rules.ts names the argument of a refused input, as AppError's badInput does.
      const field = formatted.extensions?.field;
      return {
        ...base,
        message: formatted.message,
        extensions: typeof field === 'string' ? { code, field } : { code },
      };
    }
    options.log(original, formatted.path);
    return {
      ...base,
      message:
        options.exposeInternals && original instanceof Error
          ? original.message
          : 'Errore interno del server.',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
