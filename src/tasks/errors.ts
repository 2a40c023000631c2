/** Some of the tasks named do not exist or have already ended; nothing was done. */
export class TasksNotFound extends Error {
  override name = 'TasksNotFound';
  constructor(readonly taskIds: string[]) {
    super(`no running task ${taskIds.join(', ')}: ${taskIds.length === 1 ? 'it does not exist or has' : 'they do not exist or have'} already ended`);
  }
}
