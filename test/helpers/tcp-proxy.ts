import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  /** http://127.0.0.1:<port>: give it to an agent as its master */
  url: string;
  /** Connections it has accepted, in all */
  accepted(): number;
  /** Cuts the link: from now on nothing passes either way, as in a network partition. */
  cut(): void;
  /** Mends it: what waited passes on, in order, as TCP delivers what it retransmits. */
  mend(): void;
  close(): Promise<void>;
}

type Action = () => void;

/**
 * A TCP proxy to `target` that the test can cut, like a network partition:
 * while cut it forwards nothing and closes nothing (connections and new
 * connection attempts just hang, as packets into a black hole do), and it
 * delivers what waited once mended.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let isCut = false;
  let accepted = 0;
  const sockets = new Set<Socket>();
  const waiting: Action[] = [];
  // Everything crossing the link goes through here: at once while it is up, later when it is cut.
  const pass = (action: Action) => (isCut ? waiting.push(action) : action());

  const server = createServer((client) => {
    accepted += 1;
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    let upstream: Socket | undefined;
    const toUpstream: Action[] = [];
    const sendUp = (action: (socket: Socket) => void) => (upstream ? action(upstream) : toUpstream.push(() => action(upstream!)));
    pass(() => {
      upstream = connect(target.port, target.host);
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream!));
      upstream.on('data', (chunk) => pass(() => client.write(chunk)));
      upstream.on('end', () => pass(() => client.end()));
      upstream.on('error', () => pass(() => client.destroy()));
      for (const action of toUpstream.splice(0)) action();
    });
    client.on('data', (chunk) => pass(() => sendUp((socket) => socket.write(chunk))));
    client.on('end', () => pass(() => sendUp((socket) => socket.end())));
    client.on('error', () => pass(() => sendUp((socket) => socket.destroy())));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    accepted: () => accepted,
    cut: () => {
      isCut = true;
    },
    mend: () => {
      isCut = false;
      for (const action of waiting.splice(0)) action();
    },
    close: async () => {
      isCut = false;
      waiting.length = 0;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
