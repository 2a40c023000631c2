// The plugins that come with Corral, imported statically so the agent's
// single-file bundle (Windows) carries them.
import healthCommand from '../../../plugins/health-command/index.ts';
import healthHttp from '../../../plugins/health-http/index.ts';
import healthTcp from '../../../plugins/health-tcp/index.ts';
import type { CorralPlugin } from '../../plugin-api/index.ts';

export const firstPartyPlugins: CorralPlugin[] = [healthHttp, healthTcp, healthCommand];
