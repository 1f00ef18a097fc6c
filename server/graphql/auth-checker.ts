// The schema's own gate: every operation marked `@Authorized(rule)` runs that rule before its resolver
// (and before its arguments are parsed). The rules are the domain functions the services call again,
// so a check lives in one place and a resolver that forgets it still cannot be reached anonymously.
import type { AuthCheckerFn } from 'type-graphql';
import { ACCESS_RULES, isAccessRule, type AccessRule } from '../domain/staff-access.js';
import { requireStaff } from '../domain/viewer.js';
import type { Context } from './context.js';

/** Throws the rule's AppError (UNAUTHENTICATED or FORBIDDEN, passed on by format-error.ts) or allows. */
export const authChecker: AuthCheckerFn<Context, AccessRule> = ({ context }, rules) => {
  requireStaff(context.viewer);
  for (const rule of rules) {
    // Fail closed on a rule name the code does not know (a typo must not open an operation).
    if (!isAccessRule(rule))
      throw new Error(`@Authorized("${rule}"): unknown rule; use one of ACCESS_RULES.`);
    ACCESS_RULES[rule](context.viewer);
  }
  return true;
};
