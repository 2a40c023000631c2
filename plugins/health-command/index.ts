// COMMAND health checks: a shell command in the task's sandbox, with its environment; exit code 0 is healthy.
import { definePlugin } from '../../src/plugin-api/index.ts';
import { commandHealth } from './run.ts';

export default definePlugin({
  name: 'health-command',
  healthChecks: { COMMAND: commandHealth },
});
