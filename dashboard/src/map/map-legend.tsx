// What the points of a map mean: one swatch per report status in the colour the map draws it
// (STATUS_COLORS), and the citizen's own pin where the map has one. Under every public map.
import { useTranslation } from 'react-i18next';
import { ALL_STATUSES, type TicketStatus } from '../api/citizen.operations';
import { PIN_COLOR } from '../layers/pin.layer';
import { STATUS_COLORS } from '../layers/tickets.layer';

const rgb = (c: readonly number[]) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

export function MapLegend({
  statuses = ALL_STATUSES,
  pin = false,
}: {
  /** The statuses the map can show (all by default). */
  statuses?: readonly TicketStatus[];
  /** The map also draws the point being chosen. */
  pin?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="map-legend" data-testid="map-legend">
      <p className="map-legend-title">{t('legend.title')}</p>
      <ul>
        {pin ? (
          <li>
            <span
              className="swatch swatch-pin"
              style={{ background: rgb(PIN_COLOR) }}
              aria-hidden="true"
            />
            {t('legend.pin')}
          </li>
        ) : null}
        {statuses.map((s) => (
          <li key={s}>
            <span
              className="swatch"
              style={{ background: rgb(STATUS_COLORS[s]) }}
              aria-hidden="true"
            />
            {t(`status.${s}`)}
          </li>
        ))}
      </ul>
    </div>
  );
}
