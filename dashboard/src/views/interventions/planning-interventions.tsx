// The interventions on the planning page: a layer of their areas coloured by phase (off until asked,
// so the page's own layers draw first), its legend, and the way to the programme. Kept here so the
// planning page only pushes the layer and places the panel.
import type { Layer } from '@deck.gl/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useQuery } from 'urql';
import {
  INTERVENTION_AREAS_QUERY,
  type InterventionAreasData,
  type InterventionStatus,
} from '../../api/intervention.operations';
import { INTERVENTION_COLORS, interventionsLayer } from '../../layers/interventions.layer';
import { programmePath } from './paths';

const SHOWN: InterventionStatus[] = ['PLANNED', 'SCHEDULED', 'IN_PROGRESS', 'COMPLETED'];

export interface PlanningInterventions {
  layers: Layer[];
  visible: boolean;
  setVisible: (on: boolean) => void;
  count: number;
}

export function usePlanningInterventions(): PlanningInterventions {
  const navigate = useNavigate();
  const [visible, setVisible] = useState(false);
  const [{ data }] = useQuery<InterventionAreasData>({
    query: INTERVENTION_AREAS_QUERY,
    variables: { filter: { statuses: SHOWN } },
    pause: !visible,
  });
  const items = useMemo(() => data?.interventions.edges.map((e) => e.node) ?? [], [data]);
  const layers = useMemo(
    () =>
      items.length > 0
        ? [interventionsLayer(items, visible, (i) => navigate(programmePath(i.id)))]
        : [],
    [items, visible, navigate],
  );
  return { layers, visible, setVisible, count: items.length };
}

export function InterventionsMapPanel({ programme }: { programme: PlanningInterventions }) {
  const { t } = useTranslation();
  return (
    <div className="planning-interventions" data-testid="planning-interventions">
      <div className="checkbox">
        <input
          type="checkbox"
          id="planning-interventions-layer"
          checked={programme.visible}
          onChange={(e) => programme.setVisible(e.target.checked)}
        />
        <label htmlFor="planning-interventions-layer">{t('interventions.map.layer')}</label>
      </div>
      {programme.visible ? (
        <ul className="legend" aria-label={t('interventions.map.legend')}>
          {SHOWN.map((s) => (
            <li key={s}>
              <span
                className="swatch"
                style={{ background: `rgb(${INTERVENTION_COLORS[s].join(',')})` }}
              />
              {t(`interventions.status.${s}`)}
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        <Link to={programmePath()}>{t('interventions.map.open')}</Link>
      </p>
    </div>
  );
}
