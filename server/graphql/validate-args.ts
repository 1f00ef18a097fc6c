// Argument validation for type-graphql with class-validator imported once. type-graphql's built-in path
// does `await import('class-validator')` on every validated argument of every request; under the tsx
// loader (how `npm start` runs) each of those dynamic imports is a round trip to the loader thread, which
// cost ~10 % of the CPU of a nearbyTickets request. Same rules as the built-in path: objects only,
// missing properties skipped, unknown values allowed.
import { validateOrReject, type ValidationError, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';

const OPTIONS: ValidatorOptions = { skipMissingProperties: true, forbidUnknownValues: false };

function validatable(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}

export async function validateArgs(argValue: unknown): Promise<void> {
  if (!validatable(argValue)) return;
  try {
    if (Array.isArray(argValue))
      await Promise.all(
        argValue.filter(validatable).map((item) => validateOrReject(item, OPTIONS)),
      );
    else await validateOrReject(argValue, OPTIONS);
  } catch (error) {
    throw new ArgumentValidationError(error as ValidationError[]);
  }
}
