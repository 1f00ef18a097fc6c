// The platform operator's API: its login and the comuni of the deployment (list, add, configure,
// disable/enable) and the planners' grants. Every operation but the login is @Authorized('platform'):
// staff of any comune are FORBIDDEN, and the platform operator is no staff, so it reaches no inbox,
// ticket, reporter or export (docs/many-comuni.md, "Roles across comuni").
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { badInput } from '../domain/app-error.js';
import { EMAIL_MAX } from '../domain/email.js';
import { parseId } from '../domain/id.js';
import { PLATFORM_SESSION_COOKIE } from '../services/platform.service.js';
import { PLATFORM_RULE, type GateRule } from './auth-checker.js';
import type { Context } from './context.js';
import {
  AddComunePayload,
  PlannerGrants,
  PlatformComune,
  PlatformLoginPayload,
  PlatformOperator,
  toMunicipalitySummary,
  toPlatformComune,
  toPlatformOperator,
  UpdateComuneInput,
} from './platform.type.js';

@Resolver()
export class PlatformResolver {
  @Mutation(() => PlatformLoginPayload, {
    description:
      'Platform operator login (not staff of a comune): sets the HttpOnly platform session cookie and returns a bearer JWT.',
  })
  async platformLogin(
    @Arg('email', () => String) email: string,
    @Arg('password', () => String) password: string,
    @Ctx() ctx: Context,
  ): Promise<PlatformLoginPayload> {
    if (email.length > EMAIL_MAX || password.length > 1024)
      throw badInput('email', 'Credenziali troppo lunghe.');
    const result = await ctx.services.platform.login(email, password, ctx.clientAddress);
    const config = ctx.services.deps.config;
    ctx.reply?.setCookie(PLATFORM_SESSION_COOKIE, result.sessionToken, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      secure: config.isProduction || config.publicUrl.startsWith('https:'),
      expires: result.sessionExpiresAt,
    });
    return {
      token: result.token,
      expiresAt: result.expiresAt,
      operator: toPlatformOperator(result.user),
    };
  }

  @Mutation(() => Boolean, {
    description: 'Ends the platform session of the cookie and clears it.',
  })
  async platformLogout(@Ctx() ctx: Context): Promise<boolean> {
    await ctx.services.platform.logout(ctx.request?.cookies?.[PLATFORM_SESSION_COOKIE]);
    ctx.reply?.clearCookie(PLATFORM_SESSION_COOKIE, { path: '/' });
    return true;
  }

  @Query(() => PlatformOperator, {
    nullable: true,
    description: 'The logged-in platform operator; null for anyone else.',
  })
  async platformMe(@Ctx() ctx: Context): Promise<PlatformOperator | null> {
    if (!ctx.platform) return null;
    const row = await ctx.services.platform.me(ctx.platform);
    return row ? toPlatformOperator(row) : null;
  }

  @Authorized<GateRule>(PLATFORM_RULE)
  @Query(() => [PlatformComune], {
    description:
      'Platform operator: every comune of the deployment, enabled or not, by ISTAT code.',
  })
  async platformComuni(@Ctx() ctx: Context): Promise<PlatformComune[]> {
    return (await ctx.services.platform.listComuni(ctx.platform)).map(toPlatformComune);
  }

  @Authorized<GateRule>(PLATFORM_RULE)
  @Mutation(() => AddComunePayload, {
    description:
      'Platform operator: adds a comune from its ISTAT code, as `npm run comune:add` does (boundary, streets, template offices and categories, settings, a first admin invited by mail). Served at once, no restart. A comune already there changes nothing (created: false).',
  })
  async addComune(
    @Arg('istatCode', () => String) istatCode: string,
    @Arg('adminEmail', () => String, { nullable: true }) adminEmail: string | null,
    @Ctx() ctx: Context,
  ): Promise<AddComunePayload> {
    if (istatCode.length > 20) throw badInput('istatCode', 'Codice ISTAT non valido.');
    if (adminEmail && adminEmail.length > EMAIL_MAX)
      throw badInput('adminEmail', 'Indirizzo troppo lungo.');
    const { result, comune } = await ctx.services.platform.addComune(
      ctx.platform,
      istatCode,
      adminEmail,
    );
    return {
      created: result.created,
      comune: toPlatformComune(comune),
      adminEmail: result.adminEmail ?? null,
    };
  }

  @Authorized<GateRule>(PLATFORM_RULE)
  @Mutation(() => PlatformComune, {
    description:
      "Platform operator: changes a comune's name, sender address and settings (coat of arms, privacy notice, DPO contact, SLA targets, report confirmation, citizens' photos, retention periods); each is checked, a bad one changes nothing.",
  })
  async updateComune(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateComuneInput) input: UpdateComuneInput,
    @Ctx() ctx: Context,
  ): Promise<PlatformComune> {
    return toPlatformComune(
      await ctx.services.platform.updateComune(ctx.platform, parseId(id, 'id', 'int4'), {
        name: input.name ?? undefined,
        mailFrom: input.mailFrom,
        coatOfArms: input.coatOfArms,
        privacyNotice: input.privacyNotice ? { ...input.privacyNotice } : undefined,
        slaTargets: input.slaTargets ? { ...input.slaTargets } : undefined,
        dpoContact: input.dpoContact,
        reportConfirmation: input.reportConfirmation,
        citizenPhotos: input.citizenPhotos,
        retention: input.retention ? { ...input.retention } : input.retention,
      }),
    );
  }

  @Authorized<GateRule>(PLATFORM_RULE)
  @Mutation(() => PlatformComune, {
    description:
      'Platform operator: closes (false) or opens again (true) the pages and API of a comune, as `npm run comune:disable`/`comune:enable`; its data stays.',
  })
  async setComuneEnabled(
    @Arg('id', () => ID) id: string,
    @Arg('enabled', () => Boolean) enabled: boolean,
    @Ctx() ctx: Context,
  ): Promise<PlatformComune> {
    return toPlatformComune(
      await ctx.services.platform.setEnabled(ctx.platform, parseId(id, 'id', 'int4'), enabled),
    );
  }

  @Authorized<GateRule>(PLATFORM_RULE)
  @Mutation(() => PlannerGrants, {
    description:
      "Platform operator: the comuni a planner (of municipalityId, by e-mail) may read besides its own, in every analytics query's filter.municipalityIds; replaces the previous list ([] removes them all).",
  })
  async setPlannerGrants(
    @Arg('municipalityId', () => ID) municipalityId: string,
    @Arg('email', () => String) email: string,
    @Arg('grantedMunicipalityIds', () => [ID]) grantedMunicipalityIds: string[],
    @Ctx() ctx: Context,
  ): Promise<PlannerGrants> {
    if (email.length > EMAIL_MAX) throw badInput('email', 'Indirizzo troppo lungo.');
    if (grantedMunicipalityIds.length > 300)
      throw badInput('grantedMunicipalityIds', 'Al massimo 300 comuni.');
    const r = await ctx.services.platform.setPlannerGrants(
      ctx.platform,
      parseId(municipalityId, 'municipalityId', 'int4'),
      email,
      grantedMunicipalityIds.map((g) => parseId(g, 'grantedMunicipalityIds', 'int4')),
    );
    return {
      email: r.staffEmail,
      municipality: toMunicipalitySummary(r.home),
      granted: r.granted.map(toMunicipalitySummary),
    };
  }
}
