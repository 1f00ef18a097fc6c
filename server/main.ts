// Entry point of `npm start`: wires configuration, start-up and process signals. Nothing else.
import { isDevelopment, loadConfig } from './config.js';
import { loggableError } from './domain/redact.js';
import { startSegnala, type RunningSegnala } from './start.js';
import { exitOnStartupFailure } from './startup-error.js';

let segnala: RunningSegnala;
try {
  segnala = await startSegnala(loadConfig());
} catch (error) {
  exitOnStartupFailure('Segnala', error, isDevelopment());
}

let signals = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    signals += 1;
    if (signals > 1) process.exit(1); // a second Ctrl-C forces the exit
    segnala.app.log.info(`${signal}: shutting down…`);
    segnala.stop().then(
      () => {
        segnala.app.log.info('Stopped cleanly.');
        process.exit(0);
      },
      (error: unknown) => {
        segnala.app.log.error({ error: loggableError(error) }, 'Shutdown failed');
        process.exit(1);
      },
    );
  });
}
