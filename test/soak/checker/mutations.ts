import type { Operation, OperationKind } from '../history.ts';
import { query } from '../store.ts';
import { verdict, type Verdict } from './verdict.ts';

const setsInstances: OperationKind[] = ['create', 'scale', 'install'];
const endsApp: OperationKind[] = ['delete', 'uninstall'];
const makesApp: OperationKind[] = ['create', 'install'];

interface StoredApp {
  id: string;
  version: number;
  instances: number;
  deleted: boolean;
}

/**
 * Every acknowledged mutation is in the store, and nothing refused was
 * written. An operation without an answer (its gateway died under it) may
 * have been applied or not: what it could have changed is left unjudged.
 */
export async function checkMutations(databaseUrl: string, appPrefix: string, operations: Operation[]): Promise<Verdict> {
  const apps = new Map(
    (
      await query<StoredApp>(
        databaseUrl,
        `SELECT id, version, (spec->>'instances')::int AS instances, "deletedAt" IS NOT NULL AS deleted FROM "App" WHERE id LIKE $1`,
        [`${appPrefix}%`],
      )
    ).map((app) => [app.id, app]),
  );
  const versions = new Set(
    (await query<{ key: string }>(databaseUrl, `SELECT "appId" || '@' || version AS key FROM "AppVersion" WHERE "appId" LIKE $1`, [`${appPrefix}%`])).map(
      (row) => row.key,
    ),
  );
  const violations: string[] = [];
  let unjudged = 0;
  for (const operation of operations.filter((op) => op.outcome === 'acknowledged' && op.version !== undefined)) {
    const gone = !apps.has(operation.target) || apps.get(operation.target)!.deleted;
    if (!versions.has(`${operation.target}@${operation.version}`) && !gone)
      violations.push(`${operation.kind} of ${operation.target} was acknowledged with version ${operation.version}, which the store does not have`);
  }
  for (const [target, ops] of byTarget(operations.filter((op) => op.target.startsWith(appPrefix)))) {
    const judged = finalState(target, ops, apps.get(target));
    if (judged === undefined) unjudged += 1;
    else violations.push(...judged);
  }
  violations.push(...(await refusedWritten(databaseUrl, operations, apps)));
  violations.push(...(await killsUndone(databaseUrl, operations)));
  return verdict(
    'acknowledged mutations stored, refused ones not written',
    violations,
    `${unjudged} apps' final state left unjudged after an unanswered mutation`,
  );
}

/** The app as its last acknowledged mutations leave it; undefined when an unanswered one came after them. */
function finalState(target: string, ops: Operation[], stored: StoredApp | undefined): string[] | undefined {
  const problems: string[] = [];
  const lifecycle = ops.filter((op) => [...makesApp, ...endsApp].includes(op.kind) && op.outcome !== 'refused');
  const lastLife = lifecycle.at(-1);
  if (lastLife?.outcome === 'unknown') return undefined;
  if (lastLife) {
    const shouldExist = makesApp.includes(lastLife.kind);
    const exists = stored !== undefined && !stored.deleted;
    if (shouldExist !== exists) problems.push(`${target}: acknowledged ${lastLife.kind} last, yet the app ${exists ? 'exists' : 'is gone'}`);
    if (!shouldExist) return problems;
  }
  const sizing = ops.filter((op) => setsInstances.includes(op.kind) && op.outcome !== 'refused');
  const lastSize = sizing.at(-1);
  if (lastSize?.outcome === 'unknown') return undefined;
  if (lastSize && stored && stored.instances !== lastSize.instances)
    problems.push(`${target}: acknowledged ${lastSize.kind} to ${lastSize.instances} instances last, the store has ${stored.instances}`);
  return problems;
}

async function refusedWritten(databaseUrl: string, operations: Operation[], apps: Map<string, StoredApp>): Promise<string[]> {
  const problems: string[] = [];
  for (const op of operations.filter((candidate) => candidate.outcome === 'refused')) {
    if (op.kind === 'create-invalid' && apps.has(op.target)) problems.push(`create of ${op.target} was refused (${op.answer}), yet the app exists`);
    if (op.marker) {
      const [found] = await query<{ count: string }>(databaseUrl, `SELECT count(*) FROM "AppVersion" WHERE spec::text LIKE $1`, [`%${op.marker}%`]);
      if (Number(found?.count) > 0) problems.push(`update of ${op.target} was refused (${op.answer}), yet a version with its env (${op.marker}) was written`);
    }
  }
  for (const op of operations.filter((candidate) => candidate.kind.endsWith('-invalid') && candidate.outcome === 'acknowledged'))
    problems.push(`${op.kind} of ${op.target} (negative cpus or mem) was acknowledged: it must be refused`);
  return problems;
}

/** A task whose kill was acknowledged runs no more: it ended, or is still being killed. */
async function killsUndone(databaseUrl: string, operations: Operation[]): Promise<string[]> {
  const killed = operations.filter((op) => op.kind === 'kill-task' && op.outcome === 'acknowledged' && op.taskId).map((op) => op.taskId!);
  const alive = await query<{ id: string; state: string }>(
    databaseUrl,
    `SELECT id, state::text FROM "Task" WHERE id = ANY($1) AND state IN ('STAGING', 'STARTING', 'RUNNING')`,
    [killed],
  );
  return alive.map((task) => `task ${task.id}'s kill was acknowledged, yet it is ${task.state}`);
}

function byTarget(operations: Operation[]): Map<string, Operation[]> {
  const groups = new Map<string, Operation[]>();
  for (const op of [...operations].sort((a, b) => a.startedAt - b.startedAt)) groups.set(op.target, [...(groups.get(op.target) ?? []), op]);
  return groups;
}
