import { connect, type Socket } from 'node:net';
import type { Endpoint } from '../protocol.ts';

/**
 * Joins a client's connection to the first of `candidates` that accepts one,
 * trying the next when one refuses or does not answer within
 * `connectTimeoutMs` (a task that just ended, before the table says so). The
 * client's bytes wait in its socket meanwhile. When none accepts, the client
 * is dropped.
 */
export function forward(client: Socket, candidates: readonly Endpoint[], connectTimeoutMs: number): void {
  let upstream: Socket | undefined;
  client.on('error', () => upstream?.destroy());
  client.on('close', () => upstream?.destroy());
  const attempt = (index: number): void => {
    const endpoint = candidates[index];
    if (client.destroyed) return;
    if (!endpoint) return void client.destroy();
    const socket = connect({ host: endpoint.host, port: endpoint.port, allowHalfOpen: true });
    const timer = setTimeout(() => socket.destroy(new Error('connect timed out')), connectTimeoutMs);
    const tryNext = () => {
      clearTimeout(timer);
      socket.destroy();
      attempt(index + 1);
    };
    socket.once('error', tryNext);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', tryNext);
      upstream = socket;
      // An error on either side ends both; an orderly end travels through the pipes (half-closes included).
      socket.on('error', () => client.destroy());
      socket.on('close', (hadError) => hadError && client.destroy());
      if (client.destroyed) return void socket.destroy();
      client.pipe(socket);
      socket.pipe(client);
    });
  };
  attempt(0);
}
