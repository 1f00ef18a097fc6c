// Part of `npm start`, in plain JavaScript so that it runs in plain node (no compiler at start-up):
// compiles the server (dist/) and builds the dashboard (dashboard/dist) when either is missing or
// older than its sources, so a first start works from a fresh clone and later starts stay fast.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Newest modification time under the given files and folders (dist and node_modules skipped). */
function newest(paths) {
  let time = 0;
  for (const full of paths) {
    if (!existsSync(full)) continue;
    const stat = statSync(full);
    if (!stat.isDirectory()) {
      time = Math.max(time, stat.mtimeMs);
      continue;
    }
    const entries = readdirSync(full, { withFileTypes: true })
      .filter((entry) => entry.name !== 'dist' && entry.name !== 'node_modules')
      .map((entry) => path.join(full, entry.name));
    time = Math.max(time, newest(entries));
  }
  return time;
}

function stale(stamp, sources) {
  return !existsSync(stamp) || statSync(stamp).mtimeMs < newest(sources);
}

function run(label, script, stamp) {
  console.log(`${label}…`);
  const started = Date.now();
  const result = spawnSync('npm', ['run', '--silent', script], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  if (stamp) writeFileSync(stamp, new Date().toISOString() + '\n');
  console.log(`${label}: done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

const at = (...parts) => path.join(ROOT, ...parts);

// The server: TypeScript sources and the compiler settings. A stamp, not main.js, marks the build:
// an incremental compile leaves unchanged outputs untouched.
const serverStamp = at('dist', '.built');
const serverSources = [
  at('server'),
  at('seeds'),
  at('scripts'),
  at('tsconfig.json'),
  at('tsconfig.build.json'),
  at('package-lock.json'),
];
if (stale(serverStamp, serverSources))
  run('Compiling the server (first start or changed sources)', 'build:server', serverStamp);

const dashboard = at('dashboard');
const dashboardBuilt = at('dashboard', 'dist', 'index.html');
if (!existsSync(path.join(dashboard, 'index.html'))) {
  console.log('No dashboard sources: serving the API only.');
} else if (stale(dashboardBuilt, [dashboard, at('package-lock.json')])) {
  run('Building the dashboard (first start or changed sources)', 'build:dashboard');
}

// `node scripts/ensure-build.mjs dist/server/main.js` (npm start) then runs that entry in this same
// process: one node start fewer than `ensure-build && node dist/server/main.js`.
const entry = process.argv[2];
if (entry) await import(pathToFileURL(path.resolve(ROOT, entry)).href);
