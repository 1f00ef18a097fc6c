// Global setup of the browser tests: the production build once (compiled server and dashboard), so the
// browser tests run against what `npm start` and `npm run start:prod` serve; at the
// end, stop the server process the harness started (its worker is killed without running exit hooks).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { SERVER_PID_FILE } from './harness.js';

export default function setup(): () => void {
  rmSync(SERVER_PID_FILE, { force: true });
  const result = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed');
  // Built under vitest (NODE_ENV=test), the dashboard must still be the production one (vite.config.ts).
  if (readFileSync('dashboard/dist/.vite/manifest.json', 'utf8').includes('jsx-dev-runtime'))
    throw new Error("the dashboard was built with React's development runtime (jsx-dev-runtime)");
  return () => {
    if (!existsSync(SERVER_PID_FILE)) return;
    const pid = Number(readFileSync(SERVER_PID_FILE, 'utf8'));
    rmSync(SERVER_PID_FILE, { force: true });
    try {
      process.kill(pid, 'SIGTERM'); // the server shuts down cleanly on SIGTERM
    } catch {
      // already gone
    }
  };
}
