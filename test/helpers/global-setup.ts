// CI must run every integration test on PostgreSQL too: a missing DATABASE_URL fails the run, never skips.
export default function setup(): void {
  if (process.env.CI === 'true' && !process.env.DATABASE_URL) {
    throw new Error('CI=true but DATABASE_URL is not set: .ci/run starts PostgreSQL and sets it; the PostgreSQL half of the suite cannot be skipped');
  }
}
