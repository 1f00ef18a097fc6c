// Entry point of `npm start`: wires configuration, start-up and process signals. Nothing else.
import { isDevelopment, loadConfig } from './config.js';
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
    console.log(`${signal}: shutting down…`);
    segnala.stop().then(
      () => {
        console.log('Stopped cleanly.');
        process.exit(0);
      },
      (error: unknown) => {
        console.error('Shutdown failed:', error);
        process.exit(1);
      },
    );
  });
}
