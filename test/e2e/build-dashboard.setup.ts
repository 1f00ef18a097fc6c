// Global setup of the browser tests: build the dashboard once, as `npm start` would serve it.
import { spawnSync } from 'node:child_process';

export default function setup(): void {
  const result = spawnSync('npm', ['run', '--silent', 'build:dashboard'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build:dashboard failed');
}
