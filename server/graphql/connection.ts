// Relay-style cursor connections, shared by every list in the API.
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { Max, Min } from 'class-validator';
import type { Page } from '../domain/page.js';

export const MAX_PAGE_SIZE = 100;

@ObjectType({ description: 'Pagination state of a connection (Relay cursor specification).' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last edge; pass it as `after`.',
  })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: `Page size, 1 to ${MAX_PAGE_SIZE}.` })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = 20;

  @Field(() => String, {
    nullable: true,
    description:
      'An endCursor from the previous page of this list; any other value is INVALID_CURSOR.',
  })
  after?: string | null;
}

export interface ConnectionShape<T> {
  edges: { node: T; cursor: string }[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Builds the GraphQL classes Edge and Connection for one node type. */
export function Connection<T extends object>(nodeClass: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => nodeClass)
    node!: T;

    @Field(() => String)
    cursor!: string;
  }

  @ObjectType(`${name}ConnectionBase`)
  class ConnectionClass {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many nodes match, over all pages.' })
    totalCount!: number;
  }
  return ConnectionClass;
}

export function toConnection<T>(page: Page<T>): ConnectionShape<T> {
  const edges = page.nodes.map((node, i) => ({ node, cursor: page.cursors[i] }));
  return {
    edges,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: page.totalCount,
  };
}
