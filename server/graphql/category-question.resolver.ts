import {
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Mutation,
  Resolver,
  Root,
} from 'type-graphql';
import { MAX_QUESTIONS } from '../domain/category-question.js';
import { parseId } from '../domain/id.js';
import type { AccessRule } from '../domain/staff-access.js';
import { Category } from './category.type.js';
import {
  CategoryQuestion,
  CategoryQuestionInput,
  TicketAnswer,
  toCategoryQuestion,
  toTicketAnswer,
} from './category-question.type.js';
import type { Context } from './context.js';
import { MaxItems } from './list-limits.js';
import { StaffTicket } from './staff-ticket.type.js';

@ArgsType()
export class SetCategoryQuestionsArgs {
  @Field(() => ID) categoryId!: string;
  @Field(() => [CategoryQuestionInput], { description: 'The whole list, in the order to ask it.' })
  @MaxItems(MAX_QUESTIONS)
  questions!: CategoryQuestionInput[];
}

@Resolver(() => Category)
export class CategoryQuestionResolver {
  @FieldResolver(() => [CategoryQuestion], {
    description:
      'What the form asks for this category, in order; answers go in SubmitReportInput.answers.',
  })
  async questions(@Root() category: Category, @Ctx() ctx: Context): Promise<CategoryQuestion[]> {
    return (await ctx.loaders.questions.load(Number(category.id))).map(toCategoryQuestion);
  }

  @Authorized<AccessRule>('admin')
  @Mutation(() => [CategoryQuestion], {
    description:
      "Admins: the category's questions become exactly this list, in this order (a code already there is updated, one left out is retired; answers given stay).",
  })
  async setCategoryQuestions(
    @Args(() => SetCategoryQuestionsArgs) { categoryId, questions }: SetCategoryQuestionsArgs,
    @Ctx() ctx: Context,
  ): Promise<CategoryQuestion[]> {
    const saved = await ctx.services.questions.set(
      ctx.viewer,
      parseId(categoryId, 'categoryId', 'int4'),
      questions.map((q) => ({
        code: q.code,
        labelIt: q.label,
        labelEn: q.labelEn,
        type: q.type,
        required: q.required,
        options: (q.options ?? []).map((o) => ({
          value: o.value,
          labelIt: o.label,
          labelEn: o.labelEn,
        })),
      })),
      ctx.clientAddress,
    );
    return saved.map(toCategoryQuestion);
  }
}

@Resolver(() => StaffTicket)
export class TicketAnswerResolver {
  @FieldResolver(() => [TicketAnswer], {
    description: "The report's answers to its category's questions, in the form's order.",
  })
  async answers(@Root() ticket: StaffTicket, @Ctx() ctx: Context): Promise<TicketAnswer[]> {
    return (await ctx.loaders.answers.load(Number(ticket.id))).map(toTicketAnswer);
  }
}
