import type { CorralPlugin, HealthChecker, ReadinessChecker } from '../../plugin-api/index.ts';
import { firstPartyPlugins } from './first-party.ts';
import { loadPluginFolders } from './plugin-folders.ts';

/** The health- and readiness-check protocols this agent can run, by name; a later plugin's protocol replaces an earlier one's. */
export class HealthCheckers {
  private readonly health = new Map<string, HealthChecker>();
  private readonly readiness = new Map<string, ReadinessChecker>();

  constructor(plugins: CorralPlugin[] = firstPartyPlugins) {
    for (const plugin of plugins) this.add(plugin);
  }

  add(plugin: CorralPlugin): void {
    for (const [protocol, checker] of Object.entries(plugin.healthChecks ?? {})) this.health.set(protocol, checker);
    for (const [protocol, checker] of Object.entries(plugin.readinessChecks ?? {})) this.readiness.set(protocol, checker);
  }

  /** Adds the plugins of these folders (AgentOptions.plugins, `corral agent --plugins`). */
  async load(folders: string[]): Promise<CorralPlugin[]> {
    const plugins = await loadPluginFolders(folders);
    for (const plugin of plugins) this.add(plugin);
    return plugins;
  }

  healthChecker(protocol: string): HealthChecker | undefined {
    return this.health.get(protocol);
  }

  readinessChecker(protocol: string): ReadinessChecker | undefined {
    return this.readiness.get(protocol);
  }
}
