/**
 * The one fault the crash tests cannot cause from outside: the agent stopping
 * in the instant between starting a task's process and recording its pid.
 * With CORRAL_FAULT_PAUSE_LAUNCH set (by tests only), the agent announces the
 * pause and never goes on with that launch, so a test can kill -9 it there.
 */
export async function pauseBeforeRecord(taskId: string, log?: (message: string, fields?: object) => void): Promise<void> {
  if (!process.env.CORRAL_FAULT_PAUSE_LAUNCH) return;
  log?.('launch paused before its record (CORRAL_FAULT_PAUSE_LAUNCH)', { taskId });
  await new Promise<never>(() => undefined);
}
