import { createToken, revokeToken, TokenNotFound, type NewToken } from '../tokens/index.ts';
import { InvalidInput } from '../apps/index.ts';
import { TokenRole } from '../generated/prisma/enums.ts';
import { builder } from './builder.ts';
import { ErrorInterface } from './errors.ts';

const TokenRoleEnum = builder.enumType(TokenRole, {
  name: 'TokenRole',
  description: 'VIEWER reads; OPERATOR also changes apps, tasks and agents; ADMIN also manages tokens and catalogs; AGENT joins agents',
});

const ApiTokenRef = builder.prismaObject('ApiToken', {
  description: 'A token, by name and role; its secret was shown once, when it was made, and is not kept',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    role: t.expose('role', { type: TokenRoleEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

const NewTokenRef = builder.objectRef<NewToken>('NewToken').implement({
  fields: (t) => ({
    token: t.prismaField({
      type: 'ApiToken',
      resolve: (query, result, _args, ctx) => ctx.db.prisma.apiToken.findUniqueOrThrow({ ...query, where: { id: result.token.id } }),
    }),
    secret: t.exposeString('secret', { description: 'Shown this once: keep it now (corral --token, CORRAL_TOKEN)' }),
  }),
});

builder.objectType(TokenNotFound, {
  name: 'TokenNotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ tokenId: t.exposeID('tokenId') }),
});

builder.queryFields((t) => ({
  apiTokens: t.prismaConnection({
    type: 'ApiToken',
    cursor: 'id',
    authScopes: { admin: true },
    description: 'Every token, newest first (admins only)',
    resolve: (query, _root, _args, ctx) => ctx.db.prisma.apiToken.findMany({ ...query, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] }),
  }),
}));

builder.mutationFields((t) => ({
  createApiToken: t.field({
    type: NewTokenRef,
    authScopes: { admin: true },
    description: 'Makes a token with a role; the answer carries its secret, this once',
    errors: { types: [InvalidInput] },
    args: { name: t.arg.string({ required: true }), role: t.arg({ type: TokenRoleEnum, required: true }) },
    resolve: (_root, args, ctx) => {
      const name = args.name.trim();
      if (name.length === 0 || name.length > 100) throw new InvalidInput([{ field: 'name', message: 'must be 1 to 100 characters' }]);
      return createToken(ctx.db.prisma, name, args.role);
    },
  }),
  // A plain field, not a prismaField: behind the errors plugin's union, a selection of __typename
  // alone gave Prisma an empty select (an internal error after the revoke had committed). The row
  // revokeToken answers has every field of ApiToken, which has no relations to load.
  revokeApiToken: t.field({
    type: ApiTokenRef,
    authScopes: { admin: true },
    description: 'The token stops working at once: requests with it are refused, and its open subscriptions and sockets are closed on every gateway',
    errors: { types: [TokenNotFound] },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => revokeToken(ctx.db.prisma, String(args.id)),
  }),
}));
