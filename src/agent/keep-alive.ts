import { Socket } from 'node:net';

let deferred = false;

/**
 * Makes TCP keep-alive asked for on a socket that is still connecting take
 * effect once it has connected. Node's fetch asks for it at once, libuv then
 * sets it while connecting, and Wine (where CI runs the Windows agent) refuses
 * that: every fetch fails with "connect UNKNOWN". Set after the connection
 * exists, it works on Wine and Windows alike, so the agent does it this way on
 * Windows; sockets that are already connected are not affected.
 */
export function deferKeepAliveUntilConnected(): void {
  if (deferred) return;
  deferred = true;
  const setKeepAlive = Socket.prototype.setKeepAlive;
  Socket.prototype.setKeepAlive = function (this: Socket, enable?: boolean, initialDelay?: number): Socket {
    if (!this.connecting) return setKeepAlive.call(this, enable, initialDelay);
    this.once('connect', () => setKeepAlive.call(this, enable, initialDelay));
    return this;
  };
}
