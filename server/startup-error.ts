// A process that cannot start says so in one or two lines a person can act on: the setting, the path
// or host, the cause, and what to do. The stack (and PGlite's minified abort dumps) only with
// NODE_ENV=development.

/** A start-up failure whose cause is known: which setting, what is wrong with it, and what to do. */
export class StartupError extends Error {
  constructor(
    /** The environment variable the problem comes from, e.g. SEGNALA_DATA_DIR. */
    readonly setting: string,
    /** What is wrong, naming the path or host, e.g. "/srv/segnala/pglite is a file, not a directory". */
    readonly problem: string,
    /** One sentence on what to do about it. */
    readonly remedy: string,
    options?: { cause?: unknown },
  ) {
    super(`${setting}: ${problem}`, options);
    this.name = 'StartupError';
  }
}

const MAX_LINE = 300;

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n').find((l) => l.trim() !== '') ?? String(error);
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line;
}

function stackOf(error: unknown): string[] {
  const lines: string[] = [];
  for (let e = error, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++)
    lines.push(depth ? `Caused by: ${e.stack ?? e.message}` : (e.stack ?? e.message));
  // PGlite's aborts carry a whole minified bundle line: keep the stack readable even in development.
  return lines.map((l) => (l.length > 4000 ? `${l.slice(0, 4000)}…` : l));
}

/** The lines to print when `program` (e.g. "Segnala") fails to start with `error`. */
export function startupFailureLines(program: string, error: unknown, showStack: boolean): string[] {
  const lines =
    error instanceof StartupError
      ? [`${program} cannot start. ${error.setting}: ${error.problem}`, error.remedy]
      : [
          `${program} cannot start: ${firstLine(error)}`,
          ...(showStack ? [] : ['Run it with NODE_ENV=development to see where it failed.']),
        ];
  return showStack ? [...lines, ...stackOf(error)] : lines;
}

/** Prints the failure on stderr and ends the process with exit code 1. */
export function exitOnStartupFailure(program: string, error: unknown, showStack: boolean): never {
  process.stderr.write(`${startupFailureLines(program, error, showStack).join('\n')}\n`);
  process.exit(1);
}
