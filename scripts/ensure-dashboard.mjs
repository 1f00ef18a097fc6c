// Plain JavaScript so that it runs in plain node: a tsx start here would cost a second per npm start.
// Part of `npm start`: builds the dashboard when dashboard/dist is missing or older than its sources,
// so a first start works from a fresh clone and later starts stay fast.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const DASHBOARD = path.join(ROOT, 'dashboard');
const BUILT = path.join(DASHBOARD, 'dist', 'index.html');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

if (!existsSync(path.join(DASHBOARD, 'index.html'))) {
  console.log('No dashboard sources: serving the API only.');
} else if (existsSync(BUILT) && statSync(BUILT).mtimeMs >= newestSource(DASHBOARD)) {
  console.log('Dashboard build is up to date.');
} else {
  console.log('Building the dashboard (first start or changed sources)…');
  const started = Date.now();
  const result = spawnSync('npm', ['run', '--silent', 'build:dashboard'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  console.log(`Dashboard built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}
