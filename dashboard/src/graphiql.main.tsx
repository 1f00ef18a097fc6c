// GraphiQL for integrators at /graphiql, bundled locally (no CDN). Same-origin: the staff session
// cookie works; integrators can add "Authorization: Bearer <token>" in the headers tab.
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/graphiql.css';
import './graphiql-a11y.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { apiPath } from './api/comune-base';
import { keepGraphiQLAccessible } from './graphiql-a11y';

const fetcher = createGraphiQLFetcher({
  url: apiPath('/graphql'),
  fetch: (input, init) => fetch(input, { ...init, credentials: 'same-origin' }),
});

const DEFAULT_QUERY = `# Segnala API – example: open reports near a point (Seravezza centre)
query Nearby {
  nearbyTickets(location: { lat: 43.9935, lon: 10.2275 }, radiusM: 300) {
    code
    title
    status
    distanceM
  }
}
`;

const root = document.getElementById('graphiql') as HTMLElement;
keepGraphiQLAccessible(root);
// The light theme is the one whose contrast graphiql-a11y.css makes WCAG AA.
createRoot(root).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} forcedTheme="light" />
  </StrictMode>,
);
