import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  Float,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import type { StaffListRow } from '../db/admin.queries.js';
import type { AccessRule } from '../domain/staff-access.js';
import { Category, toCategory } from './category.type.js';
import { loadOffices, type Context } from './context.js';
import { Office, toOffice } from './office.type.js';
import { parseId } from '../domain/id.js';
import { StaffRole } from './staff-user.type.js';

@ObjectType({ description: 'A staff account as admins manage it.' })
export class StaffAccount {
  @Field(() => ID) id!: string;
  @Field(() => String) email!: string;
  @Field(() => String) name!: string;
  @Field(() => StaffRole) role!: StaffRole;
  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'Set when the account is disabled (it can no longer sign in).',
  })
  disabledAt!: Date | null;
  @Field(() => GraphQLDateTime, {
    nullable: true,
    description:
      'After LOGIN_MAX_FAILURES_ACCOUNT_ALL failed logins in a row: until then only addresses the account signed in from in the last 30 days can sign in to it.',
  })
  lockedUntil!: Date | null;
  @Field(() => Int, { description: 'Failed logins since the last successful one.' })
  failedLogins!: number;
  officeIds!: number[];
}

function toStaffAccount(row: StaffListRow): StaffAccount {
  return {
    id: String(row.id),
    email: row.email,
    name: row.name,
    role: row.role as StaffRole,
    disabledAt: row.disabled_at,
    lockedUntil: row.locked_until,
    failedLogins: row.failed_logins,
    officeIds: row.office_ids,
  };
}

@InputType({
  description: 'Creates (no id) or updates a staff account. Operators need at least one office.',
})
export class StaffUserInput {
  @Field(() => ID, { nullable: true }) id?: string | null;
  @Field(() => String) email!: string;
  @Field(() => String, { defaultValue: '' }) name!: string;
  @Field(() => StaffRole) role!: StaffRole;
  @Field(() => [ID], { defaultValue: [] }) officeIds!: string[];
  @Field(() => String, {
    nullable: true,
    description: 'Required for a new account; for an existing one, only to change it.',
  })
  password?: string | null;
}

@Resolver(() => StaffAccount)
export class AdminResolver {
  @Authorized<AccessRule>('admin')
  @Query(() => [StaffAccount], { description: 'Admins: every staff account.' })
  async staffUsers(@Ctx() ctx: Context): Promise<StaffAccount[]> {
    return (await ctx.services.admin.staffUsers(ctx.viewer)).map(toStaffAccount);
  }

  @Authorized<AccessRule>('admin')
  @Mutation(() => StaffAccount, { description: 'Admins: creates or updates a staff account.' })
  async saveStaffUser(
    @Arg('input', () => StaffUserInput) input: StaffUserInput,
    @Ctx() ctx: Context,
  ): Promise<StaffAccount> {
    const row = await ctx.services.admin.saveStaffUser(
      ctx.viewer,
      {
        id: input.id ? parseId(input.id, 'id', 'int4') : undefined,
        email: input.email,
        name: input.name,
        role: input.role as unknown as StaffListRow['role'],
        officeIds: input.officeIds.map((o) => parseId(o, 'officeIds', 'int4')),
        password: input.password,
      },
      ctx.clientAddress,
    );
    return toStaffAccount(row);
  }

  @Authorized<AccessRule>('admin')
  @Mutation(() => StaffAccount, {
    description: 'Admins: disables an account (its sessions and tokens end) or enables it again.',
  })
  async setStaffUserDisabled(
    @Arg('id', () => ID) id: string,
    @Arg('disabled', () => Boolean) disabled: boolean,
    @Ctx() ctx: Context,
  ): Promise<StaffAccount> {
    return toStaffAccount(
      await ctx.services.admin.setStaffUserDisabled(
        ctx.viewer,
        parseId(id, 'id', 'int4'),
        disabled,
        ctx.clientAddress,
      ),
    );
  }

  @Authorized<AccessRule>('admin')
  @Mutation(() => Office, {
    description: 'Admins: renames an office, changes its e-mail or (de)activates it.',
  })
  async updateOffice(
    @Arg('id', () => ID) id: string,
    @Arg('name', () => String, { nullable: true }) name: string | null,
    @Arg('email', () => String, { nullable: true }) email: string | null,
    @Arg('active', () => Boolean, { nullable: true }) active: boolean | null,
    @Ctx() ctx: Context,
  ): Promise<Office> {
    return toOffice(
      await ctx.services.admin.updateOffice(
        ctx.viewer,
        parseId(id, 'id', 'int4'),
        { name: name ?? null, email: email ?? null, active: active ?? null },
        ctx.clientAddress,
      ),
    );
  }

  @Authorized<AccessRule>('admin')
  @Mutation(() => Category, {
    description:
      'Admins: SLA target, duplicate radius, office or active flag of a category (new reports only).',
  })
  async updateCategory(
    @Arg('id', () => ID) id: string,
    @Arg('slaHours', () => Int, { nullable: true }) slaHours: number | null,
    @Arg('duplicateRadiusM', () => Float, { nullable: true }) duplicateRadiusM: number | null,
    @Arg('officeId', () => ID, { nullable: true }) officeId: string | null,
    @Arg('active', () => Boolean, { nullable: true }) active: boolean | null,
    @Ctx() ctx: Context,
  ): Promise<Category> {
    const change = {
      slaHours: slaHours ?? null,
      duplicateRadiusM: duplicateRadiusM ?? null,
      officeId: officeId ? parseId(officeId, 'officeId', 'int4') : null,
      active: active ?? null,
    };
    return toCategory(
      await ctx.services.admin.updateCategory(
        ctx.viewer,
        parseId(id, 'id', 'int4'),
        change,
        ctx.clientAddress,
      ),
    );
  }

  @FieldResolver(() => [Office])
  async offices(@Root() account: StaffAccount, @Ctx() ctx: Context): Promise<Office[]> {
    return (await loadOffices(ctx.loaders, account.officeIds)).map(toOffice);
  }
}
