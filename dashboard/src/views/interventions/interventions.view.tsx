// /ufficio/interventi — the programme of interventions (issue 13): the list with the programme's KPIs,
// one intervention and its moves, the calendar, and for planners the candidates, the budget plan and a
// new intervention. Inside the staff area, so the session and the staff bar are those of /ufficio.
import { useTranslation } from 'react-i18next';
import { NavLink, Route, Routes } from 'react-router-dom';
import type { Me } from '../../api/staff.operations';
import { BudgetPlan, TopCandidates } from './candidates-plan';
import { canPlan } from './intervention-actions';
import { InterventionCalendar } from './intervention-calendar';
import { InterventionDetailView } from './intervention-detail';
import { InterventionForm } from './intervention-form';
import { InterventionList } from './intervention-list';
import { programmePath } from './paths';

export function InterventionsView({ me }: { me: Me }) {
  const { t } = useTranslation();
  const planner = canPlan(me);
  return (
    <section aria-labelledby="interventions-title" className="interventions">
      <h1 id="interventions-title">{t('interventions.title')}</h1>
      <nav aria-label={t('interventions.sections')} className="staff-links programme-nav">
        <NavLink to={programmePath()} end>
          {t('interventions.nav.list')}
        </NavLink>
        <NavLink to={programmePath('calendario')}>{t('interventions.nav.calendar')}</NavLink>
        {planner ? (
          <>
            <NavLink to={programmePath('candidati')}>{t('interventions.nav.candidates')}</NavLink>
            <NavLink to={programmePath('nuovo')}>{t('interventions.nav.new')}</NavLink>
          </>
        ) : null}
      </nav>
      <Routes>
        <Route index element={<InterventionList me={me} />} />
        <Route path="calendario" element={<InterventionCalendar />} />
        {planner ? (
          <>
            <Route
              path="candidati"
              element={
                <>
                  <TopCandidates />
                  <BudgetPlan />
                </>
              }
            />
            <Route path="nuovo" element={<InterventionForm />} />
          </>
        ) : null}
        <Route path=":id" element={<InterventionDetailView me={me} />} />
      </Routes>
    </section>
  );
}
