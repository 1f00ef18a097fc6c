// What the analytics database is and how far behind its primary it runs. Read on the analytics pool
// (ANALYTICS_DATABASE_URL, or the primary when it is unset); nothing here needs a privileged role.
import { queryOne, type Queryable } from './pool.js';

export interface ReplicaStateRow {
  in_recovery: boolean;
  /** Seconds the data lag behind the primary: 0 on a primary and on a standby that has replayed all it received. */
  lag_seconds: number | null;
}

/**
 * now() − pg_last_xact_replay_timestamp() alone overstates the lag of an idle primary's standby: the last
 * replayed commit is as old as the primary's last write, however caught up the standby is. So a standby
 * whose WAL receiver is streaming and has replayed everything it received is 0 behind; otherwise (WAL
 * still to replay, or no receiver: cut off from the primary, or fed from an archive) the age of the last
 * replayed commit is the lag, since the primary may have committed anything after it. pg_stat_wal_receiver
 * shows its row (without details) to every role, which is all the EXISTS needs.
 */
const REPLICA_STATE = `
  select pg_is_in_recovery() as in_recovery,
         case
           when not pg_is_in_recovery() then 0
           when exists (select 1 from pg_stat_wal_receiver)
                and pg_last_wal_receive_lsn() is not distinct from pg_last_wal_replay_lsn() then 0
           else greatest(0, extract(epoch from now() - pg_last_xact_replay_timestamp()))::float8
         end as lag_seconds`;

export async function readReplicaState(db: Queryable): Promise<ReplicaStateRow> {
  const row = await queryOne<ReplicaStateRow>(db, REPLICA_STATE);
  if (!row) throw new Error('replica state: no row');
  return row;
}

export interface ClusterIdentity {
  inRecovery: boolean;
  /** The cluster's system identifier (a primary and its physical standbys share it), when readable. */
  systemIdentifier: string | null;
  /** The highest migration applied there; null when it has no Segnala schema at all. */
  schemaVersion: number | null;
}

/** Start-up facts of a database: standby or primary, which cluster it belongs to, which schema it carries. */
export async function readClusterIdentity(db: Queryable): Promise<ClusterIdentity> {
  const row = await queryOne<{ in_recovery: boolean; has_schema: boolean }>(
    db,
    `select pg_is_in_recovery() as in_recovery, to_regclass('schema_version') is not null as has_schema`,
  );
  if (!row) throw new Error('cluster identity: no row');
  const version = row.has_schema
    ? await queryOne<{ v: number | null }>(db, 'select max(version)::int as v from schema_version')
    : undefined;
  // pg_control_system() may be revoked from ordinary roles: then the identity is unknown, not an error.
  const system = await queryOne<{ id: string }>(
    db,
    'select system_identifier::text as id from pg_control_system()',
  ).catch(() => undefined);
  return {
    inRecovery: row.in_recovery,
    systemIdentifier: system?.id ?? null,
    schemaVersion: version ? (version.v ?? 0) : null,
  };
}
