import type { CheckResult } from '../agent/index.ts';
import { builder } from './builder.ts';

/** Task.checkResult as stored (src/fleet/status-updates.ts): the agent's result and when it saw it. */
export type StoredCheckResult = CheckResult & { at: string };

const HttpCheckStatus = builder.objectRef<{ statusCode: number }>('HttpCheckStatus').implement({
  fields: (t) => ({ statusCode: t.exposeInt('statusCode', { description: 'The HTTP status the check got' }) }),
});

const TcpCheckStatus = builder.objectRef<{ succeeded: boolean }>('TcpCheckStatus').implement({
  fields: (t) => ({ succeeded: t.exposeBoolean('succeeded', { description: 'Whether the port accepted the connection' }) }),
});

const CommandCheckStatus = builder.objectRef<{ exitCode: number }>('CommandCheckStatus').implement({
  fields: (t) => ({ exitCode: t.exposeInt('exitCode', { description: "The exit code of the check's command" }) }),
});

export const CheckResultRef = builder.objectRef<StoredCheckResult>('CheckResult').implement({
  description:
    "The last result of an app's Mesos check (Marathon's task checkResult): shown only, it never kills a task nor changes its health. One of http, tcp, command; none when the check got no answer (see cause).",
  fields: (t) => ({
    http: t.field({ type: HttpCheckStatus, nullable: true, resolve: (result) => result.http }),
    tcp: t.field({ type: TcpCheckStatus, nullable: true, resolve: (result) => result.tcp }),
    command: t.field({ type: CommandCheckStatus, nullable: true, resolve: (result) => result.command }),
    cause: t.exposeString('cause', { nullable: true, description: 'Why the check got no answer: "connection refused", "timeout after 20 s"' }),
    at: t.field({ type: 'DateTime', description: 'When the agent saw this result', resolve: (result) => new Date(result.at) }),
  }),
});
