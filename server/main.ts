// Entry point of `npm start`: wires configuration, start-up and process signals. Nothing else.
import { loadConfig } from './config.js';
import { startSegnala } from './start.js';

const segnala = await startSegnala(loadConfig());

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
