// Prints the gzip size of the JavaScript each route downloads (entry + its lazy page chunk + their
// static imports), from the Vite manifest of `npm run build:dashboard`. Usage: npx tsx dashboard/tools/bundle-report.ts
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

interface Chunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  isEntry?: boolean;
}

const DIST = path.resolve(import.meta.dirname, '..', 'dist');
const manifest = JSON.parse(
  readFileSync(path.join(DIST, '.vite', 'manifest.json'), 'utf8'),
) as Record<string, Chunk>;

function closure(keys: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    for (const k of manifest[key].imports ?? []) visit(k);
  };
  keys.forEach(visit);
  return seen;
}

function gzipSize(keys: Set<string>): { files: number; raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const key of keys) {
    const bytes = readFileSync(path.join(DIST, manifest[key].file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: keys.size, raw, gzip };
}

const ROUTES: Record<string, string | null> = {
  '/segnala': 'src/views/report/report.view.tsx',
  '/segnalazioni': 'src/views/public/tickets.view.tsx',
  '/segnalazioni/:code': 'src/views/tracking/tracking.view.tsx',
  '/vie/:id': 'src/views/public/street.view.tsx',
  '/ufficio': 'src/views/staff/staff.view.tsx',
  '/pianificazione': 'src/views/planning/planning.view.tsx',
};
const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
console.log('| route | JS files | raw | gzip |\n|---|---|---|---|');
for (const [route, page] of Object.entries(ROUTES)) {
  const s = gzipSize(closure(['index.html', ...(page ? [page] : [])]));
  console.log(`| ${route} | ${s.files} | ${kb(s.raw)} | ${kb(s.gzip)} |`);
}
const g = gzipSize(closure(['graphiql.html']));
console.log(`| /graphiql | ${g.files} | ${kb(g.raw)} | ${kb(g.gzip)} |`);
const citizen = closure(['index.html', ROUTES['/segnala'] as string]);
const planningOnly = [...closure([ROUTES['/pianificazione'] as string])].filter(
  (k) => !citizen.has(k),
);
console.log(
  `\nPlanning-only chunks (never loaded by citizen pages): ${planningOnly.map((k) => manifest[k].file).join(', ')} = ${kb(gzipSize(new Set(planningOnly)).gzip)} gzip`,
);
