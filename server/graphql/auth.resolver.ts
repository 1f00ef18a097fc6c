import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { badInput } from '../domain/app-error.js';
import { EMAIL_MAX } from '../domain/email.js';
import { parseId } from '../domain/id.js';
import { SESSION_COOKIE, sessionCookiePath, sessionTokens } from '../services/authenticate.js';
import { STAFF_SCOPES, type AccessRule } from '../domain/staff-access.js';
import { loadOffices, type Context } from './context.js';
import { Office, toOffice } from './office.type.js';
import {
  ApiToken,
  ApiTokenCreated,
  LoginPayload,
  StaffUser,
  toApiToken,
  toStaffUser,
} from './staff-user.type.js';

@Resolver(() => StaffUser)
export class AuthResolver {
  @Mutation(() => LoginPayload, {
    description: 'Staff login: sets the HttpOnly session cookie and returns a bearer JWT.',
  })
  async login(
    @Arg('email', () => String) email: string,
    @Arg('password', () => String) password: string,
    @Ctx() ctx: Context,
  ): Promise<LoginPayload> {
    if (email.length > EMAIL_MAX || password.length > 1024)
      throw badInput('email', 'Credenziali troppo lunghe.');
    const result = await ctx.services.auth.login(email, password, ctx.clientAddress);
    const config = ctx.services.deps.config;
    ctx.reply?.setCookie(SESSION_COOKIE, result.sessionToken, {
      httpOnly: true,
      sameSite: 'strict',
      // Under /c/{istat}/ or /{alias}/ the browser sends it to that comune only (it is refused
      // elsewhere anyway: a session belongs to one municipality).
      path: sessionCookiePath(ctx.request),
      secure: config.isProduction || config.publicUrl.startsWith('https:'),
      expires: result.sessionExpiresAt,
    });
    return {
      token: result.token,
      expiresAt: result.expiresAt,
      user: toStaffUser(result.staff, null),
    };
  }

  @Mutation(() => Boolean, {
    description: 'Ends the session of the cookie and clears it. Bearer JWTs simply expire.',
  })
  async logout(@Ctx() ctx: Context): Promise<boolean> {
    await ctx.services.auth.logout(
      ctx.viewer,
      ctx.request ? sessionTokens(ctx.request) : [],
      ctx.clientAddress,
    );
    ctx.reply?.clearCookie(SESSION_COOKIE, { path: sessionCookiePath(ctx.request) });
    return true;
  }

  @Query(() => StaffUser, {
    nullable: true,
    description: 'The logged-in member of staff; null for anonymous callers.',
  })
  async me(@Ctx() ctx: Context): Promise<StaffUser | null> {
    if (!ctx.viewer) return null;
    const row = await ctx.services.auth.me(ctx.viewer);
    return row ? toStaffUser(row, ctx.viewer.scopes) : null;
  }

  @Authorized<AccessRule>('tokens:manage')
  @Query(() => [ApiToken], {
    description: 'Your API tokens, newest first (a session, or a token with tokens:manage).',
  })
  async apiTokens(@Ctx() ctx: Context): Promise<ApiToken[]> {
    return (await ctx.services.apiTokens.list(ctx.viewer)).map(toApiToken);
  }

  @Authorized<AccessRule>('session')
  @Mutation(() => ApiTokenCreated, {
    description: `Creates a long-lived API token with the given scopes (${STAFF_SCOPES.join(', ')}). Needs a login session, not a token. The token is shown only here.`,
  })
  async createApiToken(
    @Arg('name', () => String) name: string,
    @Arg('scopes', () => [String]) scopes: string[],
    @Ctx() ctx: Context,
  ): Promise<ApiTokenCreated> {
    const { token, row } = await ctx.services.apiTokens.create(
      ctx.viewer,
      name,
      scopes,
      ctx.clientAddress,
    );
    return { token, apiToken: toApiToken(row) };
  }

  @Authorized<AccessRule>('tokens:manage')
  @Mutation(() => ApiToken, {
    description:
      'Revokes an API token at once (your own; admins any). Needs a session or a token with tokens:manage.',
  })
  async revokeApiToken(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ApiToken> {
    return toApiToken(
      await ctx.services.apiTokens.revoke(ctx.viewer, parseId(id, 'id', 'int4'), ctx.clientAddress),
    );
  }

  @FieldResolver(() => [Office])
  async offices(@Root() user: StaffUser, @Ctx() ctx: Context): Promise<Office[]> {
    return (await loadOffices(ctx.loaders, user.officeIds)).map(toOffice);
  }
}
