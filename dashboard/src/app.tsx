// Routes. Each page is a lazy chunk, so citizen pages never download the planning layers or charts.
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes } from 'react-router-dom';
import { Layout } from './views/layout';

const ReportView = lazy(() => import('./views/report/report.view'));
const TrackingView = lazy(() => import('./views/tracking/tracking.view'));
const TicketsView = lazy(() => import('./views/public/tickets.view'));
const StreetView = lazy(() => import('./views/public/street.view'));
const StaffView = lazy(() => import('./views/staff/staff.view'));
const InviteView = lazy(() => import('./views/staff/invite.view'));
const PlanningView = lazy(() => import('./views/planning/planning.view'));
const PrivacyView = lazy(() => import('./views/privacy/privacy.view'));
const MyReportsView = lazy(() => import('./views/my-reports/my-reports.view'));
const NotFixedView = lazy(() => import('./views/my-reports/not-fixed.view'));
const RateView = lazy(() => import('./views/my-reports/rate.view'));

function Loading() {
  const { t } = useTranslation();
  return (
    <p role="status" className="loading">
      {t('app.loading')}
    </p>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('app.notFound')}</h1>
      <Link to="/segnala">{t('app.home')}</Link>
    </section>
  );
}

export function App() {
  return (
    <Layout>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/" element={<Navigate to="/segnala" replace />} />
          <Route path="/segnala" element={<ReportView />} />
          <Route path="/segnalazioni" element={<TicketsView />} />
          <Route path="/segnalazioni/:code" element={<TrackingView />} />
          <Route path="/segnalazioni/:code/non-risolto" element={<NotFixedView />} />
          <Route path="/segnalazioni/:code/valuta" element={<RateView />} />
          <Route path="/le-mie-segnalazioni" element={<MyReportsView />} />
          <Route path="/vie/:id" element={<StreetView />} />
          <Route path="/ufficio/invito/:token" element={<InviteView />} />
          <Route path="/ufficio/*" element={<StaffView />} />
          <Route path="/pianificazione" element={<PlanningView />} />
          <Route path="/privacy" element={<PrivacyView />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
    </Layout>
  );
}
