import { describe, expect, it } from 'vitest';
import { serviceEnvironment } from '../../src/agent/executor/service-environment.ts';

describe("CORRAL_SERVICE_* variables of a task, for the service ports of its app's dependencies", () => {
  it('names each dependency by its id and, where no other ends the same, by its last segment', () => {
    const env = serviceEnvironment(
      [
        { appId: '/demo/backend', portIndex: 0, portName: 'http', servicePort: 10000 },
        { appId: '/demo/backend', portIndex: 1, portName: 'admin-api', servicePort: 10001 },
        { appId: '/a/db', portIndex: 0, servicePort: 10002 },
        { appId: '/b/db', portIndex: 0, servicePort: 10003 },
        { appId: '/cache', portIndex: 0, servicePort: 10004 },
      ],
      '127.0.0.1',
    );
    expect(env).toEqual({
      CORRAL_SERVICE_HOST: '127.0.0.1',
      CORRAL_SERVICE_DEMO_BACKEND_PORT: '10000',
      CORRAL_SERVICE_DEMO_BACKEND_PORT_HTTP: '10000',
      CORRAL_SERVICE_DEMO_BACKEND_PORT_ADMIN_API: '10001',
      CORRAL_SERVICE_BACKEND_PORT: '10000',
      CORRAL_SERVICE_BACKEND_PORT_HTTP: '10000',
      CORRAL_SERVICE_BACKEND_PORT_ADMIN_API: '10001',
      // Two dependencies end in /db: only their whole ids name them.
      CORRAL_SERVICE_A_DB_PORT: '10002',
      CORRAL_SERVICE_B_DB_PORT: '10003',
      CORRAL_SERVICE_CACHE_PORT: '10004',
    });
  });

  it('adds nothing for an app without dependencies', () => {
    expect(serviceEnvironment([], '127.0.0.1')).toEqual({});
  });
});
