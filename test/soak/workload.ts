import { GatewayClient } from '../../src/client/index.ts';
import { pause } from './clock.ts';
import type { Dice } from './dice.ts';
import type { History, Operation, OperationKind } from './history.ts';
import { appInput, mutations, runningTaskOf, windowsAppInput, type Answer } from './operations.ts';
import type { Stack } from './stack.ts';

/** An app as its one operator knows it: every mutation of an app comes from its operator, one at a time. */
interface OwnedApp {
  id: string;
  instances: number;
  /** Installed from the catalog (node-hello): uninstalled, never deleted */
  installed: boolean;
}

const MAX_APPS_PER_OPERATOR = 2;
const MAX_INSTANCES = 3;
/** How long the fleet operator keeps trying to activate its drained agent once the run ends. */
const ACTIVATE_WITHIN_MS = 120_000;

/**
 * Operators working through GraphQL, each at its own pace on a gateway that
 * is serving when it looks (which the nemesis may kill mid-request): app
 * operators create, scale, update, restart, kill tasks of and delete their
 * apps, and now and then send a mutation that must be refused; the fleet
 * operator drains and activates agents and installs and uninstalls a
 * catalog package. Every answer goes into the history.
 */
export class Workload {
  private running = true;
  private loops: Promise<void>[] = [];
  private readonly clients = new Map<string, GatewayClient>();
  private serial = 0;

  constructor(
    private readonly stack: Stack,
    private readonly history: History,
    private readonly dice: Dice,
    private readonly operators: number,
  ) {}

  start(): void {
    for (let index = 1; index <= this.operators; index++) this.loops.push(this.appOperator(`operator-${index}`, this.dice.split(`operator-${index}`)));
    this.loops.push(this.fleetOperator(this.dice.split('fleet')));
  }

  /** Stops the operators after their mutation under way; every drained agent is activated again. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((client) => client.close()));
  }

  private async appOperator(name: string, dice: Dice): Promise<void> {
    const apps: OwnedApp[] = [];
    while (this.running) {
      await pause(dice.between(300, 2500));
      const app = apps.length > 0 ? dice.pick(apps) : undefined;
      const kind: OperationKind =
        !app || (apps.length < MAX_APPS_PER_OPERATOR && dice.chance(0.15))
          ? 'create'
          : dice.weighted({ scale: 4, update: 3, restart: 2, 'kill-task': 2, delete: 1, 'create-invalid': 0.5, 'update-invalid': 0.5 });
      const answer = await this.appOperation(name, dice, kind, app, apps);
      // A create whose answer was lost and that did not happen: the app was never there.
      if (app && answer?.answer === 'AppNotFoundError' && apps.includes(app)) apps.splice(apps.indexOf(app), 1);
    }
  }

  private async appOperation(operator: string, dice: Dice, kind: OperationKind, app: OwnedApp | undefined, apps: OwnedApp[]): Promise<Answer | undefined> {
    const client = this.client(dice);
    if (kind === 'create') {
      const created = { id: `${this.stack.appPrefix}/${operator}-app-${++this.serial}`, instances: dice.between(1, MAX_INSTANCES), installed: false };
      const input = this.forWindows(operator)
        ? windowsAppInput(created.id, created.instances, this.stack.windows!.agent!.nodeExe)
        : appInput(created.id, created.instances);
      const answer = await this.record(operator, kind, created.id, () => mutations.create(client, input), {
        instances: created.instances,
      });
      // An unknown outcome may have created it: the operator keeps it, and the checker judges it either way.
      if (answer.outcome !== 'refused') apps.push(created);
      return answer;
    }
    if (kind === 'create-invalid') {
      const id = `${this.stack.appPrefix}/${operator}-refused-${++this.serial}`;
      return this.record(operator, kind, id, () => mutations.create(client, { ...appInput(id, 1), cpus: -1 }));
    }
    const target = app!;
    switch (kind) {
      case 'scale': {
        const instances = dice.between(0, MAX_INSTANCES);
        const answer = await this.record(operator, kind, target.id, () => mutations.scale(client, target.id, instances), { instances });
        if (answer.outcome === 'acknowledged') target.instances = instances;
        return answer;
      }
      case 'update':
        return this.record(operator, kind, target.id, () => mutations.update(client, target.id, { COLOR: `c${++this.serial}` }), {
          instances: target.instances,
        });
      case 'update-invalid': {
        const marker = `refused-${++this.serial}`;
        return this.record(operator, kind, target.id, () => mutations.update(client, target.id, { SOAK_MARKER: marker }, -5), { marker });
      }
      case 'restart':
        return this.record(operator, kind, target.id, () => mutations.restart(client, target.id), { instances: target.instances });
      case 'kill-task': {
        const taskId = await runningTaskOf(client, target.id);
        return taskId ? this.record(operator, kind, target.id, () => mutations.killTask(client, taskId), { taskId }) : undefined;
      }
      case 'delete': {
        apps.splice(apps.indexOf(target), 1);
        return this.record(operator, kind, target.id, () => mutations.delete(client, target.id));
      }
    }
  }

  /** With a Windows agent, the last app operator's apps run there. */
  private forWindows(operator: string): boolean {
    return this.stack.windows !== undefined && operator === `operator-${this.operators}`;
  }

  private async fleetOperator(dice: Dice): Promise<void> {
    let drained: string | undefined;
    let installed: string | undefined;
    while (this.running) {
      await pause(dice.between(3000, 10_000));
      const client = this.client(dice);
      if (drained) {
        const agentId = drained;
        if ((await this.record('fleet', 'activate', agentId, () => mutations.activate(client, agentId))).outcome === 'acknowledged') drained = undefined;
      } else if (dice.chance(0.4)) {
        const agent = dice.pick(this.stack.agents);
        if ((await this.record('fleet', 'drain', agent.id, () => mutations.drain(client, agent.id))).outcome !== 'refused') drained = agent.id;
      } else if (installed) {
        const appId = installed;
        if ((await this.record('fleet', 'uninstall', appId, () => mutations.uninstall(client, appId))).outcome !== 'unknown') installed = undefined;
      } else {
        const appId = `${this.stack.appPrefix}/hello-${++this.serial}`;
        if ((await this.record('fleet', 'install', appId, () => mutations.install(client, appId), { instances: 1 })).outcome !== 'refused') installed = appId;
      }
    }
    // The run ends with every agent active: convergence counts on all of them. Not for ever: with no
    // gateway to answer (one failed to start again: a nemesis failure), the run must still end and say so.
    for (const deadline = Date.now() + ACTIVATE_WITHIN_MS; drained && Date.now() < deadline; ) {
      const agentId = drained;
      if ((await this.record('fleet', 'activate', agentId, () => mutations.activate(this.client(dice), agentId))).outcome === 'acknowledged')
        drained = undefined;
      else await pause(1000);
    }
  }

  private async record(operator: string, kind: OperationKind, target: string, send: () => Promise<Answer>, extra: Partial<Operation> = {}): Promise<Answer> {
    const startedAt = Date.now();
    const answer = await send();
    this.history.record({ kind, operator, target, startedAt, endedAt: Date.now(), ...answer, ...extra });
    return answer;
  }

  /** A client of a gateway serving now (or of any, when none is). */
  private client(dice: Dice): GatewayClient {
    const serving = this.stack.gateways.filter((gateway) => gateway.serving());
    const gateway = dice.pick(serving.length > 0 ? serving : this.stack.gateways);
    let client = this.clients.get(gateway.name);
    if (!client) this.clients.set(gateway.name, (client = new GatewayClient({ url: gateway.url })));
    return client;
  }
}
