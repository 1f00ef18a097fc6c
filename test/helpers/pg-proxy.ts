// A TCP proxy in front of a real PostgreSQL that plays one node of a cluster for the failover tests: it can
// serve sessions read-write or read-only (it adds `-c default_transaction_read_only=on` to the startup
// message, so the session looks like a standby's to target_session_attrs=read-write and refuses writes with
// 25006), or go down (every connection cut, new ones reset), like a primary that died.
import net from 'node:net';

const PROTOCOL_3 = 196608;
const READ_ONLY_OPTION = Buffer.from('options\0-c default_transaction_read_only=on\0');

export interface PgProxy {
  port: number;
  readOnly: boolean;
  /** Sessions opened through this proxy so far. */
  sessions: number;
  /** Cut every connection and reset new ones (up() undoes it). */
  down(): void;
  up(): void;
  close(): Promise<void>;
}

/** The startup message with the read-only option added, or the message as it came (e.g. a cancel). */
function rewriteStartup(message: Buffer): Buffer {
  if (message.readInt32BE(4) !== PROTOCOL_3) return message;
  const body = message.subarray(0, message.length - 1); // without the final \0 of the pairs
  const out = Buffer.concat([body, READ_ONLY_OPTION, Buffer.from([0])]);
  out.writeInt32BE(out.length, 0);
  return out;
}

export async function startPgProxy(target: { host: string; port: number }): Promise<PgProxy> {
  const sockets = new Set<net.Socket>();
  let isDown = false;
  const proxy: PgProxy = {
    port: 0,
    readOnly: false,
    sessions: 0,
    down() {
      isDown = true;
      for (const socket of sockets) socket.destroy();
    },
    up() {
      isDown = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        proxy.down();
        server.close(() => resolve());
      }),
  };
  const server = net.createServer((client) => {
    if (isDown) return client.resetAndDestroy();
    sockets.add(client);
    const readOnly = proxy.readOnly;
    let pending = Buffer.alloc(0);
    let upstream: net.Socket | undefined;
    const onData = (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      if (pending.length < 8 || pending.length < pending.readInt32BE(0)) return;
      client.off('data', onData);
      const length = pending.readInt32BE(0);
      const first = pending.subarray(0, length);
      const rest = pending.subarray(length);
      proxy.sessions++;
      upstream = net.connect(target.port, target.host);
      sockets.add(upstream);
      upstream.write(readOnly ? rewriteStartup(first) : first);
      if (rest.length) upstream.write(rest);
      client.pipe(upstream);
      upstream.pipe(client);
      upstream.on('error', () => client.destroy());
      upstream.on('close', () => {
        sockets.delete(upstream!);
        client.destroy();
      });
    };
    client.on('data', onData);
    client.on('error', () => upstream?.destroy());
    client.on('close', () => {
      sockets.delete(client);
      upstream?.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.port = (server.address() as net.AddressInfo).port;
  return proxy;
}
