// The backup file: a fixed 4,096-byte header block, then the payload (a pg_dump custom-format archive
// or a gzipped tarball of the embedded data directory). The header says what the payload is, which
// schema version it holds, its length and its SHA-256, so that a truncated, damaged or foreign file is
// refused by reading it once, before anything is touched.
//
// The payload is streamed to FILE.partial after a blank header block; the header is written last and
// the file renamed into place, so a backup that failed half-way never looks like a finished one.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';

export const HEADER_BYTES = 4096;
const MAGIC = 'SEGNALA-BACKUP';
/** Layout of this file; a reader refuses any other. */
const FORMAT = 1;

export type BackupKind = 'postgres' | 'embedded';

export interface BackupHeader {
  format: number;
  kind: BackupKind;
  /** Last migration applied to the database the backup was taken from. */
  schemaVersion: number;
  /** Segnala's package version that wrote it (informative). */
  appVersion: string;
  createdAt: string;
  payloadBytes: number;
  sha256: string;
}

/** A backup or restore that is refused or failed; its message is for the operator, as is. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/**
 * Writes FILE from a payload stream. Refuses to overwrite an existing file. Returns the header written.
 */
export async function writeBackupFile(
  file: string,
  meta: Pick<BackupHeader, 'kind' | 'schemaVersion' | 'appVersion'>,
  payload: AsyncIterable<Uint8Array>,
): Promise<BackupHeader> {
  if (await exists(file)) throw new BackupError(`${file} already exists; choose another --out.`);
  const partial = `${file}.partial`;
  const handle = await open(partial, 'w', 0o600);
  try {
    const hash = createHash('sha256');
    let position = HEADER_BYTES;
    for await (const chunk of payload) {
      hash.update(chunk);
      await handle.write(chunk, 0, chunk.length, position);
      position += chunk.length;
    }
    const header: BackupHeader = {
      format: FORMAT,
      ...meta,
      createdAt: new Date().toISOString(),
      payloadBytes: position - HEADER_BYTES,
      sha256: hash.digest('hex'),
    };
    await handle.write(encodeHeader(header), 0, HEADER_BYTES, 0);
    await handle.sync();
    await handle.close();
    await rename(partial, file);
    return header;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  }
}

function encodeHeader(header: BackupHeader): Buffer {
  const text = `${MAGIC} ${FORMAT}\n${JSON.stringify(header)}\n`;
  const block = Buffer.alloc(HEADER_BYTES, ' ');
  if (Buffer.byteLength(text) > HEADER_BYTES) throw new Error('backup header too long');
  block.write(text, 0, 'utf8');
  return block;
}

/**
 * Reads and checks FILE end to end: the header, the payload length and its SHA-256. Throws a
 * BackupError that says what is wrong; nothing but the file is read.
 */
export async function verifyBackupFile(file: string): Promise<BackupHeader> {
  const size = await stat(file).then(
    (s) => s.size,
    () => {
      throw new BackupError(`${file}: no such file.`);
    },
  );
  const header = await readHeader(file, size);
  const actual = size - HEADER_BYTES;
  if (actual !== header.payloadBytes)
    throw new BackupError(
      `${file} is truncated or damaged: it holds ${actual} bytes of data, its header says ${header.payloadBytes}. Nothing was restored.`,
    );
  const hash = createHash('sha256');
  for await (const chunk of payloadStream(file)) hash.update(chunk as Buffer);
  if (hash.digest('hex') !== header.sha256)
    throw new BackupError(
      `${file} is damaged: its data does not match the checksum in its header. Nothing was restored.`,
    );
  return header;
}

async function readHeader(file: string, size: number): Promise<BackupHeader> {
  const notOurs = `${file} is not a Segnala backup (or its header is damaged). Nothing was restored.`;
  if (size < HEADER_BYTES) throw new BackupError(notOurs);
  const handle = await open(file, 'r');
  const block = Buffer.alloc(HEADER_BYTES);
  try {
    await handle.read(block, 0, HEADER_BYTES, 0);
  } finally {
    await handle.close();
  }
  const [first, second] = block.toString('utf8').split('\n');
  const [magic, format] = first.split(' ');
  if (magic !== MAGIC) throw new BackupError(notOurs);
  if (Number(format) !== FORMAT)
    throw new BackupError(
      `${file} is a Segnala backup of format ${format}; this version of Segnala reads format ${FORMAT} only. Nothing was restored.`,
    );
  let header: BackupHeader;
  try {
    header = JSON.parse(second) as BackupHeader;
  } catch {
    throw new BackupError(notOurs);
  }
  const valid =
    header.format === FORMAT &&
    (header.kind === 'postgres' || header.kind === 'embedded') &&
    Number.isInteger(header.schemaVersion) &&
    Number.isInteger(header.payloadBytes) &&
    /^[0-9a-f]{64}$/.test(header.sha256);
  if (!valid) throw new BackupError(notOurs);
  return header;
}

/** The payload bytes of FILE (after the header block). */
export function payloadStream(file: string): Readable {
  return createReadStream(file, { start: HEADER_BYTES });
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
