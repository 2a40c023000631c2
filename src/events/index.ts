// The event log: every change is recorded with its events in one transaction,
// and readers follow the log by sequence number.
export { recordChange, recordChangeInSql, recordEachInSql, EVENTS_CHANNEL, type Emit, type Tx } from './record.ts';
export {
  payloadOf,
  taskStatusEvent,
  taskKillingEvent,
  type EventPayloads,
  type EventType,
  type NewEvent,
  type TaskHealthPayload,
  type TaskStatusPayload,
} from './event-types.ts';
export { EventFeed, type EventFilter, type FollowOptions } from './feed.ts';
export { compactEvents, defaultEventRetention, EventsCompacted, type EventRetention } from './compaction.ts';
