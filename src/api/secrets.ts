import { InvalidInput } from '../apps/index.ts';
import { createSecret, deleteSecret, parseSecretPath, SecretAlreadyExists, SecretNotFound, updateSecret, type SecretInfo } from '../secrets/index.ts';
import { builder } from './builder.ts';
import { ErrorInterface } from './errors.ts';

// A secret is shown by its path and dates: its value goes into the database sealed and comes out
// only into the environment of the tasks that ask for it, never into an answer.
builder.prismaObject('Secret', {
  description: 'A value tasks receive in their environment (env {"secret": name} with secrets {name: {source: path}}); its value is never shown',
  select: { path: true, createdAt: true, updatedAt: true },
  fields: (t) => ({
    path: t.exposeID('path', { description: 'Such as /shop/db-password' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.objectType(SecretNotFound, {
  name: 'SecretNotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ path: t.exposeID('path') }),
});

builder.objectType(SecretAlreadyExists, {
  name: 'SecretAlreadyExistsError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ path: t.exposeID('path') }),
});

const SecretInput = builder.inputType('SecretInput', {
  fields: (t) => ({
    path: t.string({ required: true, description: 'Such as /shop/db-password: letters, digits, ".", "_" and "-" between slashes' }),
    value: t.string({ required: true, description: 'At most 64 KiB, without NUL characters' }),
  }),
});

/** What the mutations answer: the secret's path and dates. */
const SecretInfoRef = builder.objectRef<SecretInfo>('SecretInfo').implement({
  fields: (t) => ({
    path: t.exposeID('path'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.queryFields((t) => ({
  secrets: t.prismaConnection({
    type: 'Secret',
    cursor: 'path',
    description: 'The secrets whose path begins with `prefix` (every one without it), by path: paths and dates, never values',
    args: { prefix: t.arg.string({ required: false }) },
    resolve: (query, _root, args, ctx) => ctx.db.prisma.secret.findMany({ ...query, where: prefixFilter(args.prefix), orderBy: { path: 'asc' } }),
  }),
}));

// Operators: who may run an app may give it a secret, and could read any secret through a task of
// its own anyway (as whoever may create a pod in a Kubernetes namespace may read its secrets).
builder.mutationFields((t) => ({
  createSecret: t.field({
    type: SecretInfoRef,
    description: 'Stores a new secret; tasks waiting for it launch',
    errors: { types: [InvalidInput, SecretAlreadyExists] },
    args: { input: t.arg({ type: SecretInput, required: true }) },
    resolve: (_root, { input }, ctx) => createSecret(ctx.db.prisma, input.path, input.value),
  }),
  updateSecret: t.field({
    type: SecretInfoRef,
    description: "Changes a secret's value: tasks launched from now on get it; running tasks keep theirs until restarted (restartApp)",
    errors: { types: [InvalidInput, SecretNotFound] },
    args: { input: t.arg({ type: SecretInput, required: true }) },
    resolve: (_root, { input }, ctx) => updateSecret(ctx.db.prisma, input.path, input.value),
  }),
  deleteSecret: t.field({
    type: SecretInfoRef,
    description: 'Removes a secret: running tasks keep their environment; tasks that need it are not launched until it exists again',
    errors: { types: [InvalidInput, SecretNotFound] },
    args: { path: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => deleteSecret(ctx.db.prisma, args.path),
  }),
}));

/** "/shop" lists /shop/db-password and /shop/api/key; a prefix is a path's beginning, not a folder, so "/sh" does too. */
function prefixFilter(prefix: string | null | undefined): { path?: { startsWith: string } } {
  if (!prefix || prefix.trim() === '' || prefix.trim() === '/') return {};
  const parsed = parseSecretPath(prefix);
  if ('problem' in parsed) throw new InvalidInput([{ field: 'prefix', message: parsed.problem }]);
  return { path: { startsWith: prefix.endsWith('/') ? `${parsed.path}/` : parsed.path } };
}
