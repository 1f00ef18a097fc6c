// The PostGIS of the embedded database, without what Segnala never loads. PGlite's PostGIS bundle is
// 95 MB once unpacked: the postgis, postgis_raster and postgis_topology libraries (16–17 MB of
// WebAssembly each), the tiger geocoder, every upgrade script and the legacy contrib scripts. PGlite
// unpacks the whole bundle into its in-memory file system on every open, and that was most of a warm
// start's "database open" (docs/operations.md, "Warm start"). Segnala uses the postgis extension
// only, at the one version the bundle creates, so the core bundle keeps its library, its control file
// and creation script, and PROJ's data (ST_Transform): 34 MB unpacked, made once from the installed
// bundle and cached beside node_modules' other caches. If the cache cannot be written (a read-only
// install), PGlite gets the full bundle, as before.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Extension } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { projectPath } from '../project-root.js';

/** What Segnala's PostGIS needs from the bundle; directories are always kept. */
const KEEP = [
  /^lib\/postgresql\/postgis-3\.so$/,
  // postgis.control and the creation script of a version (postgis--3.6.2.sql), not upgrade scripts
  /^share\/postgresql\/extension\/postgis(\.control|--[0-9.]+\.sql)$/,
  /^share\/proj\//,
];

const BLOCK = 512;

function field(header: Buffer, offset: number, length: number): string {
  const raw = header.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}

/** The path a PAX extended header ('x') gives its entry, if any. */
function paxPath(data: Buffer): string | undefined {
  let rest = data.toString('utf8');
  while (rest.length > 0) {
    const space = rest.indexOf(' ');
    const length = Number(rest.slice(0, space));
    if (!Number.isFinite(length) || length <= 0) return undefined;
    const record = rest.slice(space + 1, length - 1);
    if (record.startsWith('path=')) return record.slice('path='.length);
    rest = rest.slice(length);
  }
  return undefined;
}

/**
 * The entries of a tar archive that `keep` accepts, copied block for block (headers untouched), with a
 * PAX or GNU long-name header kept or dropped with the entry it describes.
 */
export function filterTar(tar: Buffer, keep: (name: string) => boolean): Buffer {
  const out: Buffer[] = [];
  let pending: Buffer[] = [];
  let longName: string | undefined;
  for (let at = 0; at + BLOCK <= tar.length;) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const end = at + BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    const whole = tar.subarray(at, end);
    const data = tar.subarray(at + BLOCK, at + BLOCK + size);
    at = end;
    if (type === 'x' || type === 'L') {
      // describes the next entry
      longName = (type === 'L' ? field(data, 0, data.length) : paxPath(data)) ?? longName;
      pending.push(whole);
      continue;
    }
    if (type === 'g') {
      out.push(whole);
      continue;
    }
    const prefix = field(header, 345, 155);
    const name =
      longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    if (type === '5' || name.endsWith('/') || keep(name)) out.push(...pending, whole);
    pending = [];
    longName = undefined;
  }
  out.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(out);
}

export const keepForSegnala = (name: string): boolean => KEEP.some((pattern) => pattern.test(name));

/** The core bundle made from `source`, cached under a name that changes with the source. */
async function coreBundle(source: string): Promise<string> {
  const { size, mtimeMs } = await stat(source);
  const key = createHash('sha256')
    .update(`${source}\0${size}\0${mtimeMs}`)
    .digest('hex')
    .slice(0, 16);
  const target = projectPath('node_modules', '.cache', 'segnala', `postgis-core-${key}.tar.gz`);
  if (
    await stat(target).then(
      () => true,
      () => false,
    )
  )
    return target;
  const core = filterTar(gunzipSync(await readFile(source)), keepForSegnala);
  await mkdir(path.dirname(target), { recursive: true });
  // Written whole under a private name, then renamed: a concurrent start never reads half a file.
  const partial = `${target}.${process.pid}.partial`;
  await writeFile(partial, gzipSync(core, { level: 1 }));
  await rename(partial, target);
  return target;
}

/** PGlite's PostGIS extension, loading the core bundle. */
export const postgisCore: Extension = {
  name: 'postgis',
  async setup(pg, emscriptenOpts) {
    const result = await postgis.setup(pg, emscriptenOpts);
    if (!result.bundlePath || result.bundlePath.protocol !== 'file:') return result;
    try {
      const core = await coreBundle(fileURLToPath(result.bundlePath));
      return { ...result, bundlePath: pathToFileURL(core) };
    } catch {
      return result;
    }
  },
};
