// The executor: runs each task as real processes in its own sandbox, on Linux and Windows.
export { Executor, type ExecutorOptions, type TaskStatusChange } from './executor.ts';
export { sandboxPath } from './sandbox.ts';
export { defaultRetention, type SandboxRetention } from './sandbox-gc.ts';
