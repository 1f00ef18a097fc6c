import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { AppError } from '../domain/app-error.js';
import { Category, toCategory } from './category.type.js';
import type { Context } from './context.js';
import { Office, toOffice } from './office.type.js';

@Resolver(() => Category)
export class CatalogResolver {
  @Query(() => [Category], { description: 'Active report categories, in display order.' })
  async categories(@Ctx() ctx: Context): Promise<Category[]> {
    return (await ctx.services.catalog.categories()).map(toCategory);
  }

  @Query(() => [Office], { description: 'The offices that handle reports.' })
  async offices(@Ctx() ctx: Context): Promise<Office[]> {
    return (await ctx.services.catalog.offices()).map(toOffice);
  }

  @FieldResolver(() => Office, {
    description: 'The office that receives reports of this category.',
  })
  async office(@Root() category: Category, @Ctx() ctx: Context): Promise<Office> {
    const office = await ctx.loaders.office.load(category.officeId);
    if (!office) throw new AppError('NOT_FOUND', 'Ufficio non trovato.');
    return toOffice(office);
  }
}
