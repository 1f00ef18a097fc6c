// Page frame: skip link, header with navigation and the language switch, main landmark, footer.
import type { ReactNode } from 'react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useLocation } from 'react-router-dom';
import { useComune } from './common/use-comune';

export function Layout({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const other = i18n.language === 'en' ? 'it' : 'en';
  const comune = useComune();
  const comuneName = comune ? t('app.municipality', { name: comune.name }) : '';

  useEffect(() => {
    // The server already titled the page with the comune; keep it so in this language.
    if (comune) document.title = `${t('app.name')} – ${comuneName}`;
  }, [comune, comuneName, t]);

  useEffect(() => {
    // Move focus to the content on navigation, as a screen reader user would expect from a page load.
    if (document.activeElement && document.activeElement !== document.body)
      main.current?.focus({ preventScroll: true });
  }, [location.pathname]);

  return (
    <div className="page">
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="site-header">
        <div className="brand">
          {comune?.coatOfArms ? (
            <img
              className="brand-arms"
              src={comune.coatOfArms}
              alt={t('app.coatOfArms', { name: comune.name })}
              width="28"
              height="28"
            />
          ) : (
            <svg aria-hidden="true" viewBox="0 0 32 32" width="28" height="28">
              <path
                fill="currentColor"
                d="M16 2a10 10 0 0 0-10 10c0 7.5 10 18 10 18s10-10.5 10-18A10 10 0 0 0 16 2z"
              />
              <circle cx="16" cy="12" r="4" fill="#0b5cad" />
            </svg>
          )}
          <span>
            <strong>{t('app.name')}</strong> <span className="brand-sub">{comuneName}</span>
          </span>
        </div>
        <nav aria-label={t('app.nav')}>
          <ul>
            <li>
              <NavLink to="/segnala">{t('app.report')}</NavLink>
            </li>
            <li>
              <NavLink to="/segnalazioni" end>
                {t('app.list')}
              </NavLink>
            </li>
            <li>
              <NavLink to="/le-mie-segnalazioni">{t('myReports.nav')}</NavLink>
            </li>
            <li>
              <NavLink to="/ufficio">{t('app.staff')}</NavLink>
            </li>
            <li>
              <NavLink to="/pianificazione">{t('app.planning')}</NavLink>
            </li>
          </ul>
        </nav>
        <button
          type="button"
          className="lang-switch"
          lang={other}
          aria-label={t('app.switchToLabel')}
          onClick={() => void i18n.changeLanguage(other)}
        >
          {t('app.switchTo')}
        </button>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{t('app.footer')}</p>
        <p>
          <NavLink to="/privacy">{t('privacy.footerLink')}</NavLink>
        </p>
      </footer>
    </div>
  );
}
