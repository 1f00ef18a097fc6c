// The shell of the backup and restore commands: settings from loadConfig, the outcome in plain
// words, exit 1 with the reason (no stack) when the command is refused or fails.
import { ConfigError, loadConfig, type Config } from '../config.js';
import { BackupError } from './backup-file.js';

export async function runCommand(command: (config: Config) => Promise<string[]>): Promise<void> {
  try {
    const lines = await command(loadConfig());
    for (const line of lines) console.log(line);
    process.exit(0);
  } catch (error) {
    const known = error instanceof BackupError || error instanceof ConfigError;
    console.error(known ? error.message : `Failed: ${(error as Error).message}`);
    process.exit(1);
  }
}
