// The schema's own gate: every operation marked `@Authorized(rule)` runs that rule before its resolver
// (and before its arguments are parsed). The rules are the domain functions the services call again,
// so a check lives in one place and a resolver that forgets it still cannot be reached anonymously.
// 'platform' is the platform operator's (not staff of a comune): no staff rule accepts it, and it
// accepts no staff.
import type { AuthCheckerFn } from 'type-graphql';
import { requirePlatform } from '../domain/platform.js';
import { ACCESS_RULES, isAccessRule, type AccessRule } from '../domain/staff-access.js';
import { requireStaff } from '../domain/viewer.js';
import type { Context } from './context.js';

/** The platform operator's operations (comuni, planner grants). */
export const PLATFORM_RULE = 'platform';
export type GateRule = AccessRule | typeof PLATFORM_RULE;

/** Throws the rule's AppError (UNAUTHENTICATED or FORBIDDEN, passed on by format-error.ts) or allows. */
export const authChecker: AuthCheckerFn<Context, GateRule> = ({ context }, rules) => {
  if (rules.includes(PLATFORM_RULE)) {
    if (rules.length !== 1) throw new Error('@Authorized("platform") takes no other rule.');
    requirePlatform(context.platform, context.viewer != null);
    return true;
  }
  requireStaff(context.viewer);
  for (const rule of rules) {
    // Fail closed on a rule name the code does not know (a typo must not open an operation).
    if (!isAccessRule(rule))
      throw new Error(`@Authorized("${rule}"): unknown rule; use one of ACCESS_RULES.`);
    ACCESS_RULES[rule](context.viewer);
  }
  return true;
};
