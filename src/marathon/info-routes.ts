import { servicePortRange } from '../apps/index.ts';
import { corralVersion } from '../catalog/index.ts';
import { MarathonError } from './errors.ts';
import { ok, type MarathonDeps, type MarathonRoute } from './route.ts';

/**
 * Marathon's /v2/info, with what Corral has to say in Marathon's keys (the
 * clients build objects from every key, so none of Corral's own). Every gateway
 * serves every request itself, as Marathon's leader does (its other instances
 * proxy to it): each one answers as the leader.
 */
function info(deps: MarathonDeps) {
  const leader = deps.leaderAddress();
  const [portMin, portMax] = servicePortRange();
  return {
    name: 'corral',
    version: corralVersion,
    buildref: 'unknown',
    elected: true,
    leader,
    frameworkId: null,
    marathon_config: {
      framework_name: 'corral',
      hostname: leader.replace(/:\d+$/, ''),
      // Marathon's range for service ports is Corral's.
      local_port_min: portMin,
      local_port_max: portMax,
      webui_url: `http://${leader}/`, // the dashboard
      features: [],
    },
    zookeeper_config: {},
    http_config: { http_port: Number(/:(\d+)$/.exec(leader)?.[1] ?? 80) },
    event_subscriber: null,
  };
}

export const infoRoutes: MarathonRoute[] = [
  { method: 'GET', path: /^\/v2\/info$/, role: 'VIEWER', handle: async ({ deps }) => ok(info(deps)) },
  { method: 'GET', path: /^\/v2\/leader$/, role: 'VIEWER', handle: async ({ deps }) => ok({ leader: deps.leaderAddress() }) },
  {
    method: 'DELETE',
    path: /^\/v2\/leader$/,
    role: 'ADMIN',
    handle: async ({ deps, query }) => {
      if (query.has('backup') || query.has('restore')) {
        throw new MarathonError(422, { message: 'backup and restore are not offered: Corral keeps its state in its database; back that up instead' });
      }
      if (!(await deps.stepDown()))
        throw new MarathonError(404, {
          message: "There is no leader on this gateway: another one holds the control loop's lease, or this one stepped down moments ago",
        });
      return ok({ message: 'Leadership abdicated' });
    },
  },
];
