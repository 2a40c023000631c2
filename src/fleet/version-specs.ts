import { type AppSpec, specOf } from '../apps/index.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';

/** Versions kept: far more than the apps launching at once, so a burst reads each version once. */
const KEPT = 2000;

/**
 * The definitions of app versions, which never change once stored, kept by this gateway: a task's
 * launch command needs its version's, and reading it for each of a burst's tasks was one query a task
 * (10,000 for 10,000 tasks). The oldest kept goes first when KEPT are.
 */
export class VersionSpecs {
  private readonly kept = new Map<string, Promise<AppSpec>>();

  constructor(private readonly prisma: PrismaClient) {}

  of(appId: string, version: number): Promise<AppSpec> {
    const key = `${version}@${appId}`;
    let spec = this.kept.get(key);
    if (!spec) {
      spec = this.prisma.appVersion.findUniqueOrThrow({ where: { appId_version: { appId, version } } }).then(specOf);
      // A failed read is not kept: the next poll asks again.
      spec.catch(() => this.kept.delete(key));
      this.kept.set(key, spec);
      if (this.kept.size > KEPT) this.kept.delete(this.kept.keys().next().value!);
    }
    return spec;
  }
}
