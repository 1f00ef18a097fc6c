// `engines` in package.json must tell the truth about the locked tree: every locked package that
// declares a Node.js range must accept the oldest Node.js we claim to support, or `npm ci` warns
// EBADENGINE and the package may use APIs that version lacks.
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

interface LockedPackage {
  engines?: { node?: string } | string[];
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, LockedPackage>;
};

describe('engines', () => {
  it('every locked package accepts the oldest supported Node.js', () => {
    const oldest = semver.minVersion(pkg.engines.node)?.version;
    expect(oldest).toBeDefined();
    const refusing = Object.entries(lock.packages)
      .filter(([name]) => name !== '')
      .flatMap(([name, locked]) => {
        const range = Array.isArray(locked.engines) ? undefined : locked.engines?.node;
        return range && !semver.satisfies(oldest!, range) ? [`${name} wants node ${range}`] : [];
      });
    expect(refusing).toEqual([]);
  });

  it('the running Node.js is one package.json supports', () => {
    expect(semver.satisfies(process.versions.node, pkg.engines.node)).toBe(true);
  });
});
