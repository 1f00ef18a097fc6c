// The project's folder, found from this file whether it runs as TypeScript (server/project-root.ts)
// or compiled (dist/server/project-root.js): the nearest folder above that holds package.json.
// Files read at run time (sql/, seeds/data/, dashboard/dist/) are found from here, never from
// the location of the module that reads them, which differs between the two.
import { existsSync } from 'node:fs';
import path from 'node:path';

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${from}`);
  }
}

export const PROJECT_ROOT = findProjectRoot(import.meta.dirname);

/** A path inside the project folder. */
export function projectPath(...parts: string[]): string {
  return path.join(PROJECT_ROOT, ...parts);
}
