// The core PostGIS bundle of the embedded database (server/db/postgis-bundle.ts): the tar filter keeps
// entries whole in every header format GNU tar writes, and the real bundle keeps what Segnala loads.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { filterTar, keepForSegnala } from '../../server/db/postgis-bundle.js';

function tar(args: string[], cwd: string, input?: Buffer): Buffer {
  const result = spawnSync('tar', args, { cwd, input, maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(result.stderr.toString());
  return result.stdout;
}

const longName = `${'x'.repeat(120)}.keep`;

describe.each(['pax', 'gnu', 'ustar'])('filterTar, %s archives', (format) => {
  it('keeps the accepted entries whole and drops the rest', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'segnala-tar-'));
    mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(path.join(dir, 'a', 'keep.txt'), 'tenuto\n');
    writeFileSync(path.join(dir, 'a', 'drop.txt'), 'scartato\n'.repeat(200));
    // ustar cannot hold a 125-character file name: a long folder name goes to its prefix field
    const long = format === 'ustar' ? path.join('y'.repeat(90), 'z.keep') : longName;
    mkdirSync(path.dirname(path.join(dir, 'a', 'b', long)), { recursive: true });
    writeFileSync(path.join(dir, 'a', 'b', long), 'lungo\n');
    const archive = tar([`--format=${format}`, '-cf', '-', 'a'], dir);

    const kept = filterTar(archive, (name) => name.endsWith('.keep') || name.endsWith('keep.txt'));

    const names = tar(['-tf', '-'], dir, kept).toString().trim().split('\n').sort();
    expect(names.filter((n) => !n.endsWith('/'))).toEqual([`a/b/${long}`, 'a/keep.txt'].sort());
    expect(names).toContain('a/b/');
    const out = path.join(dir, 'out');
    mkdirSync(out);
    tar(['-xf', '-'], out, kept);
    expect(readFileSync(path.join(out, 'a', 'keep.txt'), 'utf8')).toBe('tenuto\n');
    expect(readFileSync(path.join(out, 'a', 'b', long), 'utf8')).toBe('lungo\n');
  });
});

describe('the core bundle of the installed PostGIS', () => {
  it('keeps the postgis library, its creation script and PROJ, and drops raster and topology', () => {
    const require = createRequire(import.meta.url);
    const bundle = path.join(
      path.dirname(require.resolve('@electric-sql/pglite-postgis')),
      'postgis.tar.gz',
    );
    const full = gunzipSync(readFileSync(bundle));
    const core = filterTar(full, keepForSegnala);
    const files = tar(['-tf', '-'], os.tmpdir(), core)
      .toString()
      .trim()
      .split('\n')
      .filter((n) => !n.endsWith('/'));
    expect(files).toContain('lib/postgresql/postgis-3.so');
    expect(files).toContain('share/postgresql/extension/postgis.control');
    expect(files.some((n) => /^share\/postgresql\/extension\/postgis--[0-9.]+\.sql$/.test(n))).toBe(
      true,
    );
    expect(files).toContain('share/proj/proj.db');
    expect(files.some((n) => /raster|topology|tiger/.test(n))).toBe(false);
    expect(core.length).toBeLessThan(full.length / 2);
  });
});
