export interface GroupCommitOptions<In> {
  /** The most a round takes, counted by `weight` (1 per item by default) */
  maxWeight?: number;
  weight?: (item: In) => number;
}

interface Waiting<In, Out> {
  item: In;
  settle: (outcome: { value: Out } | { error: unknown }) => void;
}

/**
 * Group commit, as databases do it for their log: items submitted while a round runs go
 * together in the next round, so a thousand agents polling at once cost a few statements,
 * not a thousand (each with its query compilation, its round trip and, for a write, its
 * commit), while a lone item goes at once. `round` answers for its items in order. Should a
 * round of several fail, each item is tried alone: one bad item fails only its own caller.
 */
export class GroupCommit<In, Out> {
  private queued: Waiting<In, Out>[] = [];
  private draining = false;

  constructor(
    private readonly round: (items: In[]) => Promise<Out[]>,
    private readonly options: GroupCommitOptions<In> = {},
  ) {}

  submit(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queued.push({ item, settle: (outcome) => ('error' in outcome ? reject(outcome.error) : resolve(outcome.value)) });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queued.length > 0) await this.run(this.nextRound());
    } finally {
      this.draining = false;
    }
  }

  private async run(batch: Waiting<In, Out>[]): Promise<void> {
    try {
      const values = await this.round(batch.map(({ item }) => item));
      batch.forEach((waiting, i) => waiting.settle({ value: values[i]! }));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.settle({ error: error ?? new Error('the round failed') });
      for (const waiting of batch) await this.run([waiting]);
    }
  }

  private nextRound(): Waiting<In, Out>[] {
    const { maxWeight = Infinity, weight = () => 1 } = this.options;
    let taken = 0;
    let total = 0;
    while (taken < this.queued.length && (taken === 0 || total + weight(this.queued[taken]!.item) <= maxWeight)) total += weight(this.queued[taken++]!.item);
    return this.queued.splice(0, taken);
  }
}
