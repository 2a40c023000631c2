// HTTP and HTTPS health and readiness checks (Marathon's HTTP, HTTPS and their MESOS_ aliases).
import { definePlugin } from '../../src/plugin-api/index.ts';
import { httpHealth } from './health.ts';
import { httpReadiness } from './readiness.ts';

export default definePlugin({
  name: 'health-http',
  healthChecks: {
    HTTP: httpHealth('http'),
    HTTPS: httpHealth('https'),
    MESOS_HTTP: httpHealth('http'),
    MESOS_HTTPS: httpHealth('https'),
  },
  readinessChecks: {
    HTTP: httpReadiness('http'),
    HTTPS: httpReadiness('https'),
  },
});
