// Vite build of the dashboard: the app (index.html) and GraphiQL (graphiql.html) as separate entries,
// so GraphiQL's editor never lands in the citizen pages. `npm run dev` proxies the API on port 4000.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.SEGNALA_API_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
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
});
