import { InvalidInput, type FieldError } from '../apps/index.ts';
import { recordChange } from '../events/index.ts';
import type { PrismaClient, Secret } from '../generated/prisma/client.ts';
import { SecretAlreadyExists, SecretNotFound } from './errors.ts';
import { sealingKeyOf } from './sealing-key.ts';
import { parseSecretPath } from './secret-path.ts';

/** As Kubernetes bounds a Secret (1 MiB), smaller: a value goes into a task's environment, where the kernel bounds it further. */
export const MAX_VALUE_BYTES = 64 * 1024;

/** What the API shows of a secret: never its value. */
export type SecretInfo = Pick<Secret, 'path' | 'createdAt' | 'updatedAt'>;
const shown = { path: true, createdAt: true, updatedAt: true } as const;

export function createSecret(prisma: PrismaClient, rawPath: string, value: string): Promise<SecretInfo> {
  const path = validPath(rawPath, valueProblems(value));
  const key = sealingKeyOf(prisma);
  return recordChange(prisma, async (tx, emit) => {
    if (await tx.secret.findUnique({ where: { path }, select: { path: true } })) throw new SecretAlreadyExists(path);
    const secret = await tx.secret.create({ data: { path, sealed: key.seal(path, value), keyId: key.id }, select: shown });
    // Events name the secret, never its value.
    emit({ type: 'secret.created', subject: path, payload: { path } });
    return secret;
  });
}

/** Tasks that run keep the value they started with (as Marathon's and Kubernetes' environment variables do): restartApp gives them the new one. */
export function updateSecret(prisma: PrismaClient, rawPath: string, value: string): Promise<SecretInfo> {
  const path = validPath(rawPath, valueProblems(value));
  const key = sealingKeyOf(prisma);
  return recordChange(prisma, async (tx, emit) => {
    const updated = await tx.secret.updateMany({ where: { path }, data: { sealed: key.seal(path, value), keyId: key.id } });
    if (updated.count === 0) throw new SecretNotFound(path);
    emit({ type: 'secret.updated', subject: path, payload: { path } });
    return tx.secret.findUniqueOrThrow({ where: { path }, select: shown });
  });
}

/** Tasks that run keep their environment; tasks yet to launch wait for the secret to exist again. */
export function deleteSecret(prisma: PrismaClient, rawPath: string): Promise<SecretInfo> {
  const path = validPath(rawPath, []);
  return recordChange(prisma, async (tx, emit) => {
    const found = await tx.secret.findUnique({ where: { path }, select: shown });
    if (!found) throw new SecretNotFound(path);
    await tx.secret.delete({ where: { path } });
    emit({ type: 'secret.deleted', subject: path, payload: { path } });
    return found;
  });
}

function validPath(raw: string, problems: FieldError[]): string {
  const parsed = parseSecretPath(raw);
  if ('problem' in parsed) problems = [{ field: 'path', message: parsed.problem }, ...problems];
  if (problems.length > 0) throw new InvalidInput(problems, 'secret');
  return (parsed as { path: string }).path;
}

/** What is wrong with a value, said without quoting it. */
function valueProblems(value: string): FieldError[] {
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > MAX_VALUE_BYTES) return [{ field: 'value', message: `is ${bytes} bytes long: at most ${MAX_VALUE_BYTES}` }];
  // A process environment cannot carry NUL: such a value could never reach a task.
  if (value.includes('\0')) return [{ field: 'value', message: 'must not contain NUL characters (an environment variable cannot)' }];
  return [];
}
