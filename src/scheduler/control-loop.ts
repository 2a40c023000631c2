import type { Logger } from 'pino';
import { maxInstances, unreachableTimes, specOf } from '../apps/index.ts';
import { advisoryLocks, type Database, type Lease } from '../db/index.ts';
import { compactEvents, defaultEventRetention, payloadOf, type EventFeed, type EventRetention } from '../events/index.ts';
import { advanceDeployments } from '../deployments/index.ts';
import type { Task } from '../generated/prisma/client.ts';
import { findingNextDecision } from './deadlines.ts';
import { ClusterView } from './cluster-view.ts';
import { awaySince, PassAgents } from './pass-agents.ts';
import { expungeUnreachable, markSilentAgents } from '../fleet/index.ts';
import { countNothing, type ClusterCounters } from '../metrics/index.ts';
import { readOffers } from './offers.ts';
import { computingPlacements } from './compute-placements.ts';
import type { PassSnapshot } from './plan.ts';
import { isReady } from './reconciler.ts';
import { reconcilingApps, unmovedApps } from './reconcile-apps.ts';
import { letOthersRun, runInSlices } from './slices.ts';
import { expungeEnded, purgeDeletedApps } from './retention.ts';
import { submitPlan } from './submit-plan.ts';

/** After stepping down, how long this gateway leaves the lease to the others before it may take it again. */
const ABDICATION_MS = 5000;
/** The longest rest between two passes that events asked for. */
const MAX_REST_MS = 1000;
/**
 * A pass asked for while one ran rests this many times as long as the last kept the process busy.
 * At 1 (the loop taking up to half the gateway), a leader that never waits for a core (--leader-nice)
 * made over 3,000 passes a burst, each going over every active task, and its garbage collections
 * took the cores the followers and PostgreSQL needed; at 3, about 2,100, and 100,000 tasks RUNNING
 * 10 to 15 % sooner (bench/README.md, scale).
 */
const REST_PER_BUSY = 3;
/** How often the retention rules (ended tasks, finished deployments, purged apps, old events) are applied. */
const RETENTION_EVERY_MS = 5000;
/**
 * With no event and nothing due, a pass still comes once every this many passes' time (and at
 * least every sweepMs), to catch what a missed wake-up left: at most 1 % of the gateway's time.
 */
const RESYNC_PASSES = 100;

export interface ControlLoopOptions {
  db: Database;
  events: EventFeed;
  logger: Logger;
  /** How long without a poll before an agent is UNREACHABLE (it grows with the fleet: PollPacing) */
  unreachableAfterMs: () => number;
  /** How often the loop looks at the clock: when a decision falls due, or to resync (RESYNC_PASSES) */
  sweepMs?: number;
  /** What the loop did, for /metrics */
  counters?: ClusterCounters;
  /** How much of the event log is kept (default: defaultEventRetention) */
  eventRetention?: EventRetention;
  /** Told when this gateway takes the lease (true) and when it no longer holds it (false) */
  onLeadership?: (leading: boolean) => void;
}

/**
 * Level-triggered: each pass compares every app with its tasks and acts on the
 * difference. Passes run on events and on a timer, on the one gateway that
 * holds the leader lock.
 */
export class ControlLoop {
  private lease: Lease | null = null;
  /** When this gateway took the lease (Date.now()): it judges agents' silence only over time it has led. */
  private leadingSince = 0;
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | undefined;
  private again = false;
  private resting: NodeJS.Timeout | undefined;
  private lastPass = { endedAt: 0, tookMs: 0 };
  /** When time alone next changes a decision (nextDecisionAt); 0 until a pass has led and finished. */
  private nextDecision = 0;
  /** Apps settled at the last pass that no other app depends on: their tasks' health changes decide nothing (watchesHealth). */
  private unmoved: Set<string> | undefined;
  private stopped = false;
  /** The app whose placement the last pass's budget ran out on: the next pass begins after it, so each app has its turn. */
  private outOfBudgetAt: string | undefined;
  private follower?: AsyncIterableIterator<unknown>;
  /** Stepped down (Marathon's DELETE /v2/leader): no lease before this time (Date.now()). */
  private abdicatedUntil = 0;
  /** When this gateway last applied the retention rules (Date.now()) */
  private retainedAt = 0;

  /** The apps and active tasks as the last pass left them, read again where events say they changed */
  private readonly view: ClusterView;

  constructor(private readonly options: ControlLoopOptions) {
    this.view = new ClusterView(options.db);
  }

  async start(): Promise<void> {
    // Events announce most changes; the clock, the rest (launch delays ending, silent agents): the
    // timer asks for a pass only when one of those is due, or to resync. A pass at 5,000 tasks holds
    // the event loop for tens of milliseconds, and once a second those were the agents' slowest acknowledgements.
    const sweepMs = this.options.sweepMs ?? 1000;
    this.timer = setInterval(() => {
      const now = Date.now();
      if (now >= this.nextDecision || now - this.lastPass.endedAt >= Math.max(sweepMs, RESYNC_PASSES * this.lastPass.tookMs)) this.trigger();
      else if (now - this.retainedAt >= RETENTION_EVERY_MS) this.retainAlone();
    }, sweepMs);
    void this.followEvents();
    this.trigger();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.resting);
    await this.follower?.return?.();
    await this.running;
    await this.lease?.release();
    if (this.lease) this.options.onLeadership?.(false);
  }

  /**
   * Runs a pass now, or after the one under way. Passes asked for meanwhile become one, and it waits
   * REST_PER_BUSY times as long as the last pass kept the process busy (its CPU time, at most
   * MAX_REST_MS): under a stream of events the loop then takes at most a quarter of the gateway's
   * time, and the agents' polls and API requests the rest. Time the pass spent waiting for the
   * database is not the gateway's: with PostgreSQL on another machine most of a large placement's
   * pass is, and resting that long halved placement.
   */
  trigger(): void {
    if (this.stopped) return;
    if (this.running || this.resting) {
      this.again = true;
      return;
    }
    this.again = false;
    const started = Date.now();
    const cpuBefore = process.cpuUsage();
    this.running = this.pass()
      .catch((error: unknown) => {
        // Part of its plan may be written: the next pass reads everything rather than trust its view.
        this.view.forget();
        this.options.logger.error({ err: error }, 'control loop pass failed');
      })
      .finally(() => {
        this.running = undefined;
        this.lastPass = { endedAt: Date.now(), tookMs: Date.now() - started };
        if (!this.again || this.stopped) return;
        const cpu = process.cpuUsage(cpuBefore);
        const busyMs = (cpu.user + cpu.system) / 1000;
        this.resting = setTimeout(
          () => {
            this.resting = undefined;
            this.trigger();
          },
          Math.min(REST_PER_BUSY * Math.min(busyMs, this.lastPass.tookMs), MAX_REST_MS),
        );
      });
  }

  private async followEvents(): Promise<void> {
    // Events this gateway had not read were compacted (it was away, or far behind): read everything again.
    this.follower = this.options.events.follow(undefined, {}, { onCompacted: () => this.view.forget() });
    for await (const event of this.follower as AsyncIterableIterator<{ type: string; subject: string | null; payload: unknown }>) {
      // A gateway that does not lead reads everything when it comes to: it need not keep what changed.
      // Nor does it pass on events: it asks for the lease on the timer, once a sweep, not once an event.
      if (!this.leading()) continue;
      this.view.noted(event);
      // A Mesos check's result is only shown: it changes no decision.
      if (event.type.startsWith('task.placed') || event.type.startsWith('task.killing') || event.type === 'task.check') continue;
      const health = payloadOf(event, 'task.health');
      if (health && !this.watchesHealth(health.appId)) continue;
      this.trigger();
    }
  }

  /**
   * Whether a health change of this app's tasks can change a decision: while the app is not settled
   * (a deployment waits for its new tasks to be healthy and ready, or it is short of ready tasks),
   * or when other apps depend on it. A settled app's flapping health check otherwise wakes no pass
   * (the resync still comes): in a large fleet that was a full pass for each of hundreds of changes a second.
   */
  private watchesHealth(appId: string | undefined): boolean {
    return !this.unmoved || appId === undefined || !this.unmoved.has(appId);
  }

  private async pass(): Promise<void> {
    this.nextDecision = 0; // should this pass fail, the next tick tries again
    if (!(await this.lead())) return;
    const started = performance.now();
    const { prisma } = this.options.db;
    // Just after a restart (this gateway's, or the database's), agents may not have found it again yet:
    // their silence while no gateway led does not count, or every agent would be UNREACHABLE at once.
    const unreachableAfterMs = this.options.unreachableAfterMs();
    // Agents it marks UNREACHABLE take no task in this pass, before their events come back.
    if (Date.now() - this.leadingSince >= unreachableAfterMs && (await markSilentAgents(prisma, unreachableAfterMs)) > 0) this.view.agentsChanged();
    const { apps, activeTasks } = await this.view.read();
    // Between the steps, and within the long ones (runInSlices), the gateway serves its agents'
    // polls and API requests: a pass at 100,000 tasks computes for about a second.
    await letOthersRun();
    const agents = await PassAgents.read(prisma, activeTasks, this.view.agentFacts(), () => this.view.everyAgent());
    await letOthersRun();
    const now = new Date();
    const decisionAt = await runInSlices(
      findingNextDecision({
        apps,
        agents,
        activeTasks,
        unreachableAfterMs,
        judgesSilenceFrom: this.leadingSince + unreachableAfterMs,
        now: now.getTime(),
      }),
    );
    const awayFor = (task: Task) => now.getTime() - awaySince(agents, task, unreachableAfterMs);
    // Decide, then commit: the whole pass's plan from what was read, then written app by app.
    const snapshot: PassSnapshot = {
      apps,
      activeTasks,
      now,
      drained: agents.drained,
      awayFor,
      maxInstances: maxInstances(),
      outOfBudgetAt: this.outOfBudgetAt,
    };
    await letOthersRun();
    const reconciled = await runInSlices(reconcilingApps(snapshot));
    this.unmoved = unmovedApps(apps, reconciled.settled);
    const offers = await readOffers(prisma, reconciled, agents);
    const plan = await runInSlices(computingPlacements(snapshot, reconciled, offers));
    const { tasksNow, changed } = await submitPlan(this.options.db, plan, activeTasks, this.counters);
    this.view.took(changed);
    await letOthersRun();
    this.outOfBudgetAt = plan.outOfBudgetAt;
    // Tasks were left for want of budget: another pass, after the rest a pass earns (trigger), places them.
    if (plan.outOfBudgetAt) this.again = true;
    await advanceDeployments(this.options.db, { apps, activeTasks: tasksNow, isReady, counters: this.counters });
    await letOthersRun();
    const specs = new Map(apps.map((app) => [app.id, specOf(app)]));
    await expungeUnreachable(
      prisma,
      tasksNow,
      (task) => {
        const spec = specs.get(task.appId);
        return spec ? unreachableTimes(spec).expungeAfterMs : Infinity;
      },
      awayFor,
    );
    await this.retainIfDue();
    this.nextDecision = decisionAt;
    this.counters.passCompleted((performance.now() - started) / 1000);
  }

  /**
   * The retention rules (deleted apps purged, ended tasks expunged, the event log compacted). They
   * read whole tables: once every RETENTION_EVERY_MS is enough, not at every pass of a burst. Due
   * with no pass coming, they run alone (retainAlone): a burst's 300,000 events were compacted only
   * by the resync long after it, a pass at 100,000 tasks being too dear to run for them.
   */
  private async retainIfDue(): Promise<void> {
    if (Date.now() - this.retainedAt < RETENTION_EVERY_MS) return;
    this.retainedAt = Date.now();
    await purgeDeletedApps(this.options.db);
    await expungeEnded(this.options.db);
    await compactEvents(this.options.db.prisma, this.options.eventRetention ?? defaultEventRetention);
  }

  /** retainIfDue between passes, never during one; a pass asked for meanwhile runs after it. */
  private retainAlone(): void {
    if (this.stopped || this.running || this.resting || !this.leading()) return;
    this.running = this.retainIfDue()
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'applying the retention rules failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) this.trigger();
      });
  }

  private get counters(): ClusterCounters {
    return this.options.counters ?? countNothing;
  }

  /** Whether this gateway holds the lease now. */
  leading(): boolean {
    return this.lease !== null && Date.now() >= this.abdicatedUntil;
  }

  /**
   * Marathon's abdication: lets the lease go once the pass under way has ended, so another gateway
   * takes it; this one leaves it to them for ABDICATION_MS (then takes it again if none has). False
   * when this gateway did not lead.
   */
  async stepDown(): Promise<boolean> {
    if (!this.leading()) return false;
    this.abdicatedUntil = Date.now() + ABDICATION_MS;
    await this.running;
    const lease = this.lease;
    this.lease = null;
    await lease?.release();
    this.options.onLeadership?.(false);
    this.options.logger.info('stepped down from leading the control loop');
    return true;
  }

  private async lead(): Promise<boolean> {
    if (Date.now() < this.abdicatedUntil) return false;
    if (this.lease) return true;
    this.lease = await this.options.db.tryLease(advisoryLocks.leader, () => {
      this.options.logger.warn('lost the control loop lease (database connection closed); trying to take it again');
      this.lease = null;
      this.options.onLeadership?.(false);
    });
    if (this.lease) {
      this.leadingSince = Date.now();
      this.view.forget();
      this.options.onLeadership?.(true);
      this.options.logger.info('leading the control loop');
    }
    return this.lease !== null;
  }
}
