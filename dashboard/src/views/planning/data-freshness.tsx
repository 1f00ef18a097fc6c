// One small line under the map when the figures come from a hot standby (ANALYTICS_DATABASE_URL): how
// many seconds behind the offices' database they are. Nothing is shown when they are read from the
// primary itself. Re-read every REFRESH_MS; not a live region, so a screen reader is not interrupted.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { ANALYTICS_SOURCE_QUERY, type AnalyticsSource } from '../../api/planning.operations';

const REFRESH_MS = 30_000;

/** The sentence for a source, or null when there is nothing to say (the primary). */
export function freshnessKey(
  source: AnalyticsSource | undefined,
  unavailable: boolean,
): { key: string; count?: number } | null {
  if (unavailable) return { key: 'planning.replicaUnavailable' };
  if (!source?.replica) return null;
  const seconds = Math.round(source.lagSeconds);
  return seconds < 1
    ? { key: 'planning.replicaCurrent' }
    : { key: 'planning.replicaLag', count: seconds };
}

export function DataFreshness() {
  const { t } = useTranslation();
  const [result, reexecute] = useQuery<{ analyticsSource: AnalyticsSource }>({
    query: ANALYTICS_SOURCE_QUERY,
    requestPolicy: 'network-only',
  });
  useEffect(() => {
    const timer = setInterval(() => reexecute({ requestPolicy: 'network-only' }), REFRESH_MS);
    return () => clearInterval(timer);
  }, [reexecute]);
  const code = result.error?.graphQLErrors[0]?.extensions?.code;
  const said = freshnessKey(result.data?.analyticsSource, code === 'SERVICE_UNAVAILABLE');
  if (!said) return null;
  return (
    <p className="hint" data-testid="analytics-source">
      {said.count === undefined ? t(said.key) : t(said.key, { count: said.count })}
    </p>
  );
}
