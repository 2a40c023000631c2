import { connect } from 'node:net';
import type { HealthChecker } from '../../src/plugin-api/index.ts';

/** Opens a connection to the port and closes it at once: accepting is all a TCP check asks. */
export const tcpHealth: HealthChecker = ({ host, port, signal }) =>
  new Promise((resolve) => {
    if (port === undefined) return resolve({ healthy: false, cause: 'the check names no port' });
    const socket = connect({ host, port, signal });
    socket.once('connect', () => {
      socket.destroy();
      resolve({ healthy: true });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.destroy();
      resolve({ healthy: false, cause: error.code === 'ECONNREFUSED' ? 'connection refused' : error.message });
    });
  });
