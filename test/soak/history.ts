/** Everything the run saw, as it happened: what the checker judges at the end. */

export type Outcome = 'acknowledged' | 'refused' | 'unknown';

export type OperationKind =
  | 'create'
  | 'scale'
  | 'update'
  | 'restart'
  | 'kill-task'
  | 'delete'
  | 'drain'
  | 'activate'
  | 'install'
  | 'uninstall'
  | 'create-invalid'
  | 'update-invalid';

export interface Operation {
  kind: OperationKind;
  operator: string;
  /** The app or agent it is about */
  target: string;
  startedAt: number;
  endedAt: number;
  outcome: Outcome;
  /** The answer's __typename, or the error that left the outcome unknown */
  answer: string;
  /** The app version a success answered with */
  version?: number;
  /** The instance count the app has after it, when it sets one */
  instances?: number;
  /** The task it kills (kill-task) */
  taskId?: string;
  /** An env value only this operation writes: a refused one must leave it nowhere */
  marker?: string;
}

export type FaultKind = 'gateway-kill' | 'agent-kill' | 'partition' | 'postgres-restart' | 'leader-pause' | 'disk-full';

export interface Fault {
  kind: FaultKind;
  target: string;
  startedAt: number;
  /** When it was healed (undefined while it lasts) */
  endedAt?: number;
  note?: string;
}

export interface SubscriberLog {
  name: string;
  /** The cursor it first subscribed after */
  startCursor: number;
  /** Every sequence it received, in order, across its resumptions */
  received: number[];
  resumptions: number;
}

/** A sample of a rolling deployment: ready tasks against what minimumHealthCapacity asks. */
export interface CapacitySample {
  at: number;
  appId: string;
  deploymentId: string;
  ready: number;
  required: number;
}

/** Something the observer saw in the store that must never be, at the moment it saw it. */
export interface StoreSighting {
  at: number;
  invariant: 'over-commit' | 'port-twice' | 'task-twice';
  detail: string;
}

export class History {
  readonly operations: Operation[] = [];
  readonly faults: Fault[] = [];
  readonly subscribers: SubscriberLog[] = [];
  readonly capacity: CapacitySample[] = [];
  readonly sightings: StoreSighting[] = [];

  record(operation: Operation): void {
    this.operations.push(operation);
  }

  /** Starts a fault; the returned function marks it healed. */
  fault(kind: FaultKind, target: string, note?: string): () => void {
    const fault: Fault = { kind, target, startedAt: Date.now(), ...(note && { note }) };
    this.faults.push(fault);
    return () => {
      fault.endedAt = Date.now();
    };
  }

  /** Whether a fault was under way at `at`, or healed less than `settleMs` before it. */
  faultNear(at: number, settleMs: number): boolean {
    return this.faults.some((fault) => fault.startedAt <= at && (fault.endedAt === undefined || fault.endedAt + settleMs >= at));
  }

  lastFaultEnd(): number | undefined {
    const ends = this.faults.map((fault) => fault.endedAt ?? Number.POSITIVE_INFINITY);
    return ends.length > 0 ? Math.max(...ends) : undefined;
  }
}
