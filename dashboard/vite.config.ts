// Vite build of the dashboard: the app (index.html) and GraphiQL (graphiql.html) as separate entries,
// so GraphiQL's editor never lands in the citizen pages. `npm run dev` proxies the API on port 4000.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.SEGNALA_API_URL ?? 'http://127.0.0.1:4000';

const config: UserConfig = {
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    manifest: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: { main: `${root}index.html`, graphiql: `${root}graphiql.html` },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/graphql': api,
      '/attachments': api,
      '/export': api,
      '/config.json': api,
      '/healthz': api,
    },
  },
};

export default defineConfig(({ command }) => {
  // `vite build` keeps a NODE_ENV it finds set and builds for it: under vitest (the e2e global setup runs
  // `npm run build`: NODE_ENV=test) or from a shell with NODE_ENV=development it shipped React's
  // development build and JSX compiled for `react/jsx-dev-runtime` (a jsx-dev-runtime chunk, 300 kB
  // more). The built dashboard is always the production one; `npm run dev` (serve) is untouched.
  // Vite reads NODE_ENV after this function runs, as do the plugins.
  if (command === 'build') process.env.NODE_ENV = 'production';
  return config;
});
