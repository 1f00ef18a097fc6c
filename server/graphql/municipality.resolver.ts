import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from './context.js';
import { MunicipalityAt } from './municipality-at.type.js';
import { Municipality } from './municipality.type.js';
import { PointInput } from './point.input.js';

@Resolver(() => Municipality)
export class MunicipalityResolver {
  @Query(() => Municipality, { description: 'The municipality served, with its boundary.' })
  async municipality(@Ctx() ctx: Context): Promise<Municipality> {
    const m = ctx.municipality;
    const settings = ctx.services.comune;
    const notice = await ctx.services.privacyNotices.current();
    return {
      id: String(m.id),
      name: m.name,
      istatCode: m.istat_code,
      codePrefix: m.code_prefix,
      localSrid: m.local_srid,
      boundary: JSON.parse(m.boundary) as Record<string, unknown>,
      centre: m.centre ? (JSON.parse(m.centre) as { coordinates: number[] }).coordinates : null,
      coatOfArms: settings.coatOfArms,
      privacyNotice: notice?.text ?? null,
      privacyNoticeVersion: notice?.version ?? null,
      reportConfirmation: settings.reportConfirmation,
      slaTargets: settings.slaTargets,
    };
  }

  @Query(() => MunicipalityAt, {
    nullable: true,
    description:
      'The comune a point is in, among the ISTAT boundaries this deployment knows (Toscana), whether it is served here and where; null in the sea or outside them.',
  })
  municipalityAt(
    @Arg('location', () => PointInput) location: PointInput,
    @Ctx() ctx: Context,
  ): Promise<MunicipalityAt | null> {
    return ctx.services.territory.at(location);
  }
}
