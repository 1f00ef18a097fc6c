// The shell of the backup and restore commands: settings from loadConfig, the outcome in plain
// words, exit 1 with the reason (no stack) when the command is refused or fails.
import { ConfigError, loadConfig, type Config } from '../config.js';
import { BackupError } from './backup-file.js';

export async function runCommand(command: (config: Config) => Promise<string[]>): Promise<void> {
  try {
    const lines = await command(loadConfig());
    // A command-line tool: its outcome goes to the operator's terminal, not to a log.
    process.stdout.write(lines.map((line) => `${line}\n`).join(''));
    process.exit(0);
  } catch (error) {
    const known = error instanceof BackupError || error instanceof ConfigError;
    process.stderr.write(`${known ? error.message : `Failed: ${(error as Error).message}`}\n`);
    process.exit(1);
  }
}
