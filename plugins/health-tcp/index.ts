// TCP health checks (Marathon's TCP and MESOS_TCP): healthy when the port accepts a connection.
import { definePlugin } from '../../src/plugin-api/index.ts';
import { tcpHealth } from './connect.ts';

export default definePlugin({
  name: 'health-tcp',
  healthChecks: { TCP: tcpHealth, MESOS_TCP: tcpHealth },
});
