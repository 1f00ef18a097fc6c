// /ufficio — staff area: sign-in, the inbox and the ticket page. The session is an HttpOnly cookie.
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { LOGOUT_MUTATION, ME_QUERY, type Me } from '../../api/staff.operations';
import { CannedRepliesView } from './canned-replies.view';
import { ContractorsView } from './contractors.view';
import { InterventionsView } from '../interventions/interventions.view';
import { InboxView } from './inbox';
import { PrivacyAdminView } from './privacy-admin.view';
import { LoginForm } from './login-form';
import { StaffReportView } from './staff-report.view';
import { StaffTicketView } from './staff-ticket';

export function useMe() {
  const [{ data, fetching }, refetch] = useQuery<{ me: Me | null }>({
    query: ME_QUERY,
    requestPolicy: 'network-only',
  });
  return {
    me: data?.me ?? null,
    fetching,
    refresh: () => refetch({ requestPolicy: 'network-only' }),
  };
}

export default function StaffView() {
  const { t } = useTranslation();
  const { me, fetching, refresh } = useMe();
  const [, logout] = useMutation(LOGOUT_MUTATION);
  if (fetching && !me) return <p role="status">{t('app.loading')}</p>;
  if (!me) return <LoginForm onDone={refresh} />;
  return (
    <>
      <div className="staff-bar">
        <p>{t('staff.signedIn', { email: me.email, role: t(`roles.${me.role}`) })}</p>
        <nav aria-label={t('staffReport.nav')} className="staff-links">
          {/* The programme of interventions: planners and admins plan it, operators see their office's. */}
          <Link to="/ufficio/interventi">{t('interventions.link')}</Link>
          {me.role !== 'PLANNER' ? (
            <>
              <Link to="/ufficio/nuova">{t('staffReport.link')}</Link>
              {me.role === 'ADMIN' ? (
                <>
                  <Link to="/ufficio/risposte">{t('canned.link')}</Link>
                  <Link to="/ufficio/ditte">{t('contractor.adminLink')}</Link>
                  <Link to="/ufficio/privacy">{t('privacyAdmin.link')}</Link>
                </>
              ) : null}
            </>
          ) : null}
        </nav>
        <button type="button" className="secondary" onClick={() => void logout({}).then(refresh)}>
          {t('staff.signOut')}
        </button>
      </div>
      <Routes>
        <Route index element={<InboxView me={me} />} />
        <Route path="nuova" element={<StaffReportView />} />
        <Route path="risposte" element={<CannedRepliesView />} />
        <Route path="ditte" element={<ContractorsView />} />
        <Route path="privacy" element={<PrivacyAdminView />} />
        <Route path="interventi/*" element={<InterventionsView me={me} />} />
        <Route path=":id" element={<StaffTicketView me={me} />} />
      </Routes>
    </>
  );
}
