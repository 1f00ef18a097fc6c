// Asks for a password on the terminal without echoing it; piped input gives one answer per line.
// Used by npm run user:add and npm run platform:add (passwordOrAsk: the same two-prompt rule for both).

let pipedLines: Promise<string[]> | undefined;

/** Piped input (no terminal): the whole of stdin, one answer per line. */
function readPipedLines(): Promise<string[]> {
  pipedLines ??= new Promise((resolve) => {
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => (data += chunk));
    process.stdin.on('end', () => resolve(data.split(/\r?\n/)));
  });
  return pipedLines;
}

export async function askHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) return (await readPipedLines()).shift() ?? '';
  process.stdout.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const onData = (key: string) => {
      for (const ch of key) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stdout.write('\n');
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          reject(new Error('Interrotto.'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** The password given on the command line, or asked twice without echo; a mismatch ends the command (2). */
export async function passwordOrAsk(given: string | undefined): Promise<string> {
  if (given) return given;
  const password = await askHidden('Password: ');
  const again = await askHidden('Ripeti la password: ');
  if (password !== again) {
    console.error('Le due password non coincidono.');
    process.exit(2);
  }
  return password;
}
