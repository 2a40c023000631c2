/**
 * The run's one source of chance, seeded so that a failing run can be played
 * again with its seed (mulberry32: small, fast, and the same on every machine).
 * Each part of the run rolls dice of its own, split off by name, so the
 * workload's choices do not shift when the nemesis rolls once more.
 */
export class Dice {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** Dice of their own for one part of the run, from this seed and the part's name. */
  split(name: string): Dice {
    let hash = this.seed >>> 0;
    for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 0x5bd1e995) >>> 0;
    return new Dice(hash);
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One of the choices, each as likely as its weight. */
  weighted<T extends string>(weights: Readonly<Record<T, number>>): T {
    const entries = Object.entries(weights) as [T, number][];
    let roll = this.next() * entries.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [choice, weight] of entries) if ((roll -= weight) < 0) return choice;
    return entries[entries.length - 1]![0];
  }
}
