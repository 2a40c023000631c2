import type { AppSpec } from '../apps/index.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { SecretKeyMismatch, SecretNotFound } from './errors.ts';
import { sealingKeyOf, type SealingKey } from './sealing-key.ts';
import { parseSecretPath } from './secret-path.ts';

/** This gateway's key, or why it cannot be read (the file's path and the system's reason: never its content). */
function readableKey(prisma: PrismaClient): SealingKey | string {
  try {
    return sealingKeyOf(prisma);
  } catch (error) {
    return `cannot read the secrets key: ${(error as Error).message}`;
  }
}

type EnvSource = Pick<AppSpec, 'env' | 'secrets'>;

/** A variable whose value is a secret: its path, or why the app's definition names none. */
interface Reference {
  variable: string;
  path?: string;
  problem?: string;
}

function referencesOf({ env, secrets }: EnvSource): Reference[] {
  return Object.entries(env).flatMap(([variable, value]): Reference[] => {
    if (typeof value === 'string') return [];
    const source = secrets?.[value.secret]?.source;
    if (source === undefined) return [{ variable, problem: `env ${variable} names "${value.secret}", which is not in the app's secrets` }];
    const parsed = parseSecretPath(source);
    return 'path' in parsed ? [{ variable, path: parsed.path }] : [{ variable, problem: `secrets.${value.secret}.source ${parsed.problem}` }];
  });
}

/**
 * Why the app's tasks cannot have their environment now (a secret missing, or sealed with another
 * key), one reason each; none when they can. The control loop places no task of the app meanwhile,
 * as Kubernetes keeps such a pod Pending: a task never starts without a variable it asked for.
 */
export async function unavailableSecrets(prisma: PrismaClient, spec: EnvSource): Promise<string[]> {
  const references = referencesOf(spec);
  if (references.length === 0) return [];
  const paths = [...new Set(references.flatMap((reference) => (reference.path ? [reference.path] : [])))];
  const found = new Map(
    (await prisma.secret.findMany({ where: { path: { in: paths } }, select: { path: true, keyId: true } })).map((secret) => [secret.path, secret.keyId]),
  );
  const key = readableKey(prisma);
  if (typeof key === 'string') return [key];
  const problems = references.flatMap((reference) => (reference.problem ? [reference.problem] : []));
  for (const path of paths) {
    const keyId = found.get(path);
    if (keyId === undefined) problems.push(new SecretNotFound(path).message);
    else if (keyId !== key.id) problems.push(new SecretKeyMismatch(path, key.file).message);
  }
  return [...new Set(problems)];
}

export type TaskEnvironment = { env: Record<string, string>; secretVariables: string[] } | { problems: string[] };

/** The environment a task of `spec` launches with: every {secret} reference replaced by the secret's value. */
export async function taskEnvironment(prisma: PrismaClient, spec: EnvSource): Promise<TaskEnvironment> {
  const references = referencesOf(spec);
  const plain = Object.fromEntries(Object.entries(spec.env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  if (references.length === 0) return { env: plain, secretVariables: [] };
  const problems = references.flatMap((reference) => (reference.problem ? [reference.problem] : []));
  if (problems.length > 0) return { problems };
  const paths = [...new Set(references.map((reference) => reference.path!))];
  const rows = new Map(
    (await prisma.secret.findMany({ where: { path: { in: paths } }, select: { path: true, sealed: true } })).map((row) => [row.path, row.sealed]),
  );
  const key = readableKey(prisma);
  if (typeof key === 'string') return { problems: [key] };
  const values = new Map<string, string>();
  for (const path of paths) {
    const sealed = rows.get(path);
    const value = sealed === undefined ? undefined : key.open(path, sealed);
    if (value !== undefined) values.set(path, value);
    else problems.push(sealed === undefined ? new SecretNotFound(path).message : new SecretKeyMismatch(path, key.file).message);
  }
  if (problems.length > 0) return { problems };
  const secret = Object.fromEntries(references.map((reference) => [reference.variable, values.get(reference.path!)!]));
  return { env: { ...plain, ...secret }, secretVariables: references.map((reference) => reference.variable) };
}
