import { describe, expect, it } from 'vitest';
import { planServicePorts, type AppSpec, type ServicePortRange } from '../../src/apps/index.ts';
import { aSpec } from '../helpers/builders.ts';

const range: ServicePortRange = [10000, 10004];
const app = (portDefinitions: unknown[], id = '/shop/web') => aSpec({ id, portDefinitions });
const servicePorts = (spec: AppSpec) => spec.portDefinitions.map((definition) => definition.servicePort);
const plan = (spec: AppSpec, taken: [number, string][] = [], previous?: AppSpec) => planServicePorts(spec, previous, new Map(taken), range);

describe('service port assignment (Marathon: servicePort 0 asks the gateway for one)', () => {
  it('gives servicePort 0 the lowest port of the range no app has', () => {
    const planned = plan(app([{ servicePort: 0 }, { servicePort: 0 }]), [
      [10000, '/a'],
      [10002, '/b'],
    ]);
    expect(planned.ok && servicePorts(planned.spec)).toEqual([10001, 10003]);
  });

  it('leaves port definitions without a servicePort alone: they get no proxy', () => {
    const planned = plan(app([{ port: 0 }, { name: 'admin', servicePort: 0 }]));
    expect(planned.ok && servicePorts(planned.spec)).toEqual([undefined, 10000]);
  });

  it('keeps a fixed servicePort that is free, also outside the range, and assigns around it', () => {
    const planned = plan(app([{ servicePort: 0 }, { servicePort: 10000 }, { servicePort: 31077 }]));
    expect(planned.ok && servicePorts(planned.spec)).toEqual([10001, 10000, 31077]);
  });

  it('refuses a fixed servicePort another app has, naming the field and the app', () => {
    expect(plan(app([{ servicePort: 0 }, { servicePort: 10003 }]), [[10003, '/shop/api']])).toEqual({
      ok: false,
      errors: [
        {
          field: 'portDefinitions[1].servicePort',
          message: '10003 is already the service port of app /shop/api: choose another, or 0 for one from 10000-10004',
        },
      ],
    });
  });

  it('refuses one servicePort for two port definitions of the app', () => {
    const planned = plan(app([{ servicePort: 10001 }, { servicePort: 10001 }]));
    expect(!planned.ok && planned.errors).toEqual([{ field: 'portDefinitions[1].servicePort', message: '10001 is given to two port definitions of this app' }]);
  });

  it('keeps the service port a port definition had in the previous version', () => {
    const previous = app([{ servicePort: 10003 }, { servicePort: 10004 }]);
    const planned = plan(app([{ servicePort: 0 }, { servicePort: 0 }]), [], previous);
    expect(planned.ok && servicePorts(planned.spec)).toEqual([10003, 10004]);
  });

  it('says so when the range is full', () => {
    const taken = [10000, 10001, 10002, 10003, 10004].map((port): [number, string] => [port, `/app${port}`]);
    const planned = plan(app([{ servicePort: 0 }]), taken);
    expect(!planned.ok && planned.errors).toEqual([
      { field: 'portDefinitions[0].servicePort', message: "no service port is free in 10000-10004: give one, or free one by removing an app's" },
    ]);
  });

  it('changes nothing in an app that asks for no service port', () => {
    const spec = app([{ port: 8080 }]);
    expect(plan(spec)).toEqual({ ok: true, spec });
  });
});
