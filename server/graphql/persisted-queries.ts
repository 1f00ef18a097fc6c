// Automatic persisted queries (Apollo's APQ protocol, version 1): a client sends
// `extensions.persistedQuery.sha256Hash` alone; the server answers PERSISTED_QUERY_NOT_FOUND until the
// client has sent the same hash once with the query text, and from then on runs the stored text, over
// GET (cacheable URLs of a few hundred bytes) or POST. Apollo registers a text only after it parsed,
// passed validation (graphql-armor's limits included) and every didResolveOperation rule, so the cache
// holds nothing but documents the server would run; a mutation reached by hash over GET is still
// refused with 405 (Apollo checks the operation type after the lookup).
//
// The store is its own LRU bounded in bytes (not the server's shared cache): anyone may register, so
// an attacker can at most evict other entries, and a client whose hash was evicted (or lost on a
// restart, or served by another process) simply gets PERSISTED_QUERY_NOT_FOUND and registers again.
import type { ApolloServerOptions } from '@apollo/server';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { Context } from './context.js';

/** Bytes of query text kept: ~4,000 documents of 1 KiB (the dashboard sends about 60). */
export const PERSISTED_QUERY_CACHE_BYTES = 4 * 1024 * 1024;

export type PersistedQueryOptions = NonNullable<ApolloServerOptions<Context>['persistedQueries']>;

export function persistedQueries(maxBytes = PERSISTED_QUERY_CACHE_BYTES): PersistedQueryOptions {
  return { cache: new InMemoryLRUCache<string>({ maxSize: maxBytes }) };
}
