// One legend per layer that is on: its colours and what they stand for, with the values of the data
// (quantile classes of the counts, the categories, the cluster sizes). Other views' layers add theirs
// through the same LegendBlock (planning.view.tsx composes them).
import { useTranslation } from 'react-i18next';
import type { LegendEntry } from '../../layers/palette';

export interface LegendBlock {
  /** The layer id (planning-state LayerId, or another view's layer). */
  id: string;
  title: string;
  /** What the colours measure, e.g. "segnalazioni per esagono di 100 m". */
  caption?: string;
  entries: LegendEntry[];
  /** A continuous ramp (heat) rather than classes. */
  ramp?: boolean;
  /** Circles instead of squares (clusters). */
  round?: boolean;
}

const css = (c: [number, number, number]) => `rgb(${c.join(',')})`;

export function LayerLegend({ blocks }: { blocks: LegendBlock[] }) {
  const { t } = useTranslation();
  if (blocks.length === 0) return null;
  return (
    <div className="layer-legends" role="group" aria-label={t('planning.legend')}>
      {blocks.map((b) => (
        <section key={b.id} className="layer-legend" data-testid={`legend-${b.id}`}>
          <h3>{b.title}</h3>
          {b.caption ? <p className="hint">{b.caption}</p> : null}
          {b.ramp ? (
            <div className="legend-ramp">
              <span
                className="ramp"
                aria-hidden="true"
                style={{
                  background: `linear-gradient(to right, ${b.entries.map((e) => css(e.color)).join(',')})`,
                }}
              />
              <span className="ramp-labels">
                <span>{b.entries[0]?.label}</span>
                <span>{b.entries.at(-1)?.label}</span>
              </span>
            </div>
          ) : (
            <ul className="legend">
              {b.entries.map((e) => (
                <li key={e.label}>
                  <span
                    className={b.round ? 'swatch round' : 'swatch'}
                    style={{ background: css(e.color) }}
                  />
                  {e.label}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </div>
  );
}
