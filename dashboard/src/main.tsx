// Entry: wires i18n, the GraphQL client and the router; everything else lives in testable modules.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { BrowserRouter } from 'react-router-dom';
import { Provider } from 'urql';
import { createApiClient } from './api/client';
import { COMUNE_BASE } from './api/comune-base';
import { App } from './app';
import { setupI18n } from './i18n/i18n';
import './styles.css';

const i18n = setupI18n();
createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <Provider value={createApiClient()}>
        <BrowserRouter basename={COMUNE_BASE || undefined}>
          <App />
        </BrowserRouter>
      </Provider>
    </I18nextProvider>
  </StrictMode>,
);
