import { randomUUID } from 'node:crypto';
import type { StatusUpdate } from './protocol.ts';

/**
 * Status updates wait here until the gateway acknowledges them, and are sent
 * again with every poll until then (at least once; the gateway dedupes by uuid).
 */
export class StatusOutbox {
  private pending = new Map<string, StatusUpdate>();

  add(update: Omit<StatusUpdate, 'uuid' | 'timestamp'>): StatusUpdate {
    const full: StatusUpdate = { ...update, uuid: randomUUID(), timestamp: new Date().toISOString() };
    this.pending.set(full.uuid, full);
    return full;
  }

  unacknowledged(): StatusUpdate[] {
    return [...this.pending.values()];
  }

  /** Acknowledges uuids; returns the updates that were acknowledged. */
  acknowledge(uuids: string[]): StatusUpdate[] {
    const done: StatusUpdate[] = [];
    for (const uuid of uuids) {
      const update = this.pending.get(uuid);
      if (update) done.push(update);
      this.pending.delete(uuid);
    }
    return done;
  }

  hasPendingFor(taskId: string): boolean {
    return [...this.pending.values()].some((update) => update.taskId === taskId);
  }
}
