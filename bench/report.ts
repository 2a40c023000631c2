import { cpus, loadavg, totalmem } from 'node:os';
import type { Goal } from './stats.ts';
import type { DatabaseKind } from './scratch-database.ts';

/** One benchmark run, as printed: one JSON object on one line of stdout. */
export interface BenchmarkReport {
  benchmark: string;
  /** When the run started and ended (ISO 8601) */
  date: string;
  seconds: number;
  /**
   * The machine's 1-minute load average at the start and end of the run: well
   * above 0 at the start means something else was using the machine.
   */
  machine: { cpus: number; cpuModel: string; memoryMb: number; node: string; platform: string; loadAverage1m: { start: number; end: number } };
  database: DatabaseKind;
  parameters: Record<string, unknown>;
  results: Record<string, unknown>;
  goals: Record<string, Goal>;
  goalsMet: boolean;
}

/** Notes when and on what load a run starts; `report` completes it. */
export class Run {
  private readonly startedAt = new Date();
  private readonly loadAtStart = load();

  constructor(readonly benchmark: string) {}

  report(database: DatabaseKind, parameters: Record<string, unknown>, results: Record<string, unknown>, goals: Record<string, Goal>): BenchmarkReport {
    return {
      benchmark: this.benchmark,
      date: this.startedAt.toISOString(),
      seconds: Math.round((Date.now() - this.startedAt.getTime()) / 1000),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
        memoryMb: Math.round(totalmem() / 2 ** 20),
        node: process.version,
        platform: process.platform,
        loadAverage1m: { start: this.loadAtStart, end: load() },
      },
      database,
      parameters,
      results,
      goals,
      goalsMet: Object.values(goals).every((goal) => goal.met),
    };
  }
}

const load = () => Math.round(loadavg()[0]! * 100) / 100;

export const megabytes = (bytes: number | null) => (bytes === null ? null : Math.round(bytes / 2 ** 20));
