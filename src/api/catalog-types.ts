import {
  CatalogRepositoryBuiltIn,
  CatalogRepositoryExists,
  CatalogRepositoryNotFound,
  CatalogRepositoryUnreadable,
  cachedRepository,
  PackageAlreadyInstalled,
  PackageNotFound,
  PackageNotInstallable,
  PackageNotInstalled,
  repositoryNotice,
  PackageRenderFailed,
  type CatalogRepositoryInfo,
  type FoundPackage,
  type PackageInstallation,
  type PackageLicense,
  type PackageUninstall,
  type PreparedPackage,
  type QualifyingAgents,
  qualifyingAgents,
  MAX_PACKAGE_APPS,
} from '../catalog/index.ts';
import { type DefaultConnectionArguments, resolveOffsetConnection } from '@pothos/plugin-relay';
import type { Agent, Prisma } from '../generated/prisma/client.ts';
import type { GatewayContext } from './context.ts';
import { AppDefinitionRef } from './app-types.ts';
import { builder } from './builder.ts';
import { AppChangeRef } from './deployments.ts';
import { ErrorInterface } from './errors.ts';
import { pageSizes, totalCountOf } from './paging.ts';

// The catalog's types: repositories, packages, installations, and the errors of its mutations.

export const CatalogRepositoryRef = builder.objectRef<CatalogRepositoryInfo>('CatalogRepository').implement({
  description: 'Where packages come from: a folder or an http(s) URL. Packages are looked up in order of position; the built-in `universe` comes first.',
  fields: (t) => ({
    name: t.exposeString('name'),
    uri: t.exposeString('uri'),
    position: t.exposeInt('position'),
    builtIn: t.exposeBoolean('builtIn', { description: 'The repository that ships with Corral (universe/): it cannot be removed' }),
    packageCount: t.int({
      nullable: true,
      description: 'How many package versions it has; null when it cannot be read now',
      resolve: async (repository, _args, ctx) =>
        (await cachedRepository(repository.name, repository.uri, ctx.repositoryAccess).catch(() => undefined))?.packages.length ?? null,
    }),
    problem: t.string({
      nullable: true,
      description: 'Why it cannot be read now (its packages are left out of searches until it can), or which of its packages were skipped',
      resolve: async (repository, _args, ctx) => {
        try {
          const loaded = await cachedRepository(repository.name, repository.uri, ctx.repositoryAccess);
          return loaded.problems.length > 0 ? `skipped: ${loaded.problems.join('; ')}` : null;
        } catch (error) {
          return (error as Error).message;
        }
      },
    }),
  }),
});

const PackageLicenseRef = builder.objectRef<PackageLicense>('PackageLicense').implement({
  fields: (t) => ({ name: t.exposeString('name'), url: t.exposeString('url', { nullable: true }) }),
});

const PackageLayoutEnum = builder.enumType('PackageLayout', {
  values: {
    CORRAL: { description: "Corral's: packages/<name>/<version>/ with apps.json.mustache and config.schema.json" },
    DCOS: { description: "DC/OS Universe's: repo/packages/<L>/<name>/<revision>/ with marathon.json.mustache and config.json" },
  } as const,
});

export const PackageRef = builder.objectRef<FoundPackage>('Package').implement({
  description: 'One version of a package in a catalog repository',
  fields: (t) => ({
    name: t.exposeString('name'),
    version: t.exposeString('version'),
    repository: t.exposeString('repository'),
    description: t.exposeString('description'),
    tags: t.exposeStringList('tags'),
    versions: t.exposeStringList('versions', { description: 'Every version its repository has, newest first' }),
    maintainer: t.exposeString('maintainer', { nullable: true }),
    licenses: t.field({ type: [PackageLicenseRef], resolve: (pkg) => pkg.licenses }),
    minCorralVersion: t.exposeString('minCorralVersion', { nullable: true }),
    requiredPrograms: t.stringList({
      description: 'Programs an agent must have: each is a constraint on the agent attribute program.<name> (corral agent --attributes program.<name>=yes)',
      resolve: (pkg) => pkg.requires.programs,
    }),
    preInstallNotes: t.exposeString('preInstallNotes', { nullable: true }),
    postInstallNotes: t.exposeString('postInstallNotes', { nullable: true }),
    layout: t.field({ type: PackageLayoutEnum, resolve: (pkg) => pkg.layout }),
    framework: t.exposeBoolean('framework', {
      description: 'A Mesos framework scheduler ("framework": true): it needs a Mesos master, so Corral does not install it',
    }),
    hasAppTemplate: t.boolean({
      description: 'Whether it has apps to install (marathon.json.mustache or apps.json.mustache); a CLI-only DC/OS package has none',
      resolve: async (pkg) => (await pkg.files()).template !== undefined,
    }),
    alsoInRepositories: t.stringList({
      description: 'Other repositories with a package of this name, when no repository was named (this one was taken: it comes first)',
      resolve: (pkg) => pkg.alsoIn,
    }),
    notice: t.string({
      nullable: true,
      description: 'Which repository was taken, when several have the name and none was named',
      resolve: (pkg) => repositoryNotice(pkg) ?? null,
    }),
    configSchema: t.field({
      type: 'JSON',
      description: 'The JSON Schema of its options, with their defaults and descriptions',
      resolve: async (pkg) => (await pkg.files()).configSchema,
    }),
    resource: t.field({
      type: 'JSON',
      description: 'Its artifacts (resource.json): assets.uris, assets.sha256',
      resolve: async (pkg) => (await pkg.files()).resource,
    }),
    readme: t.string({ nullable: true, description: 'README.md of the package, when it has one', resolve: async (pkg) => (await pkg.files()).readme ?? null }),
  }),
});

builder.prismaObject('InstalledPackage', {
  description: 'A package installed as an app or group: the version and options its apps were rendered with',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    version: t.exposeString('version'),
    repository: t.exposeString('repository'),
    appId: t.exposeID('appId', { description: 'The app (or group) id it was installed as' }),
    options: t.expose('options', { type: 'JSON', description: 'Its options, with the defaults of its schema filled in' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    apps: t.relation('apps', { description: `Its apps, by id: at most ${MAX_PACKAGE_APPS}, the most a package makes`, query: { orderBy: { id: 'asc' } } }),
  }),
});

const AgentNotQualifyingRef = builder.objectRef<{ agent: Agent; reasons: string }>('AgentNotQualifying').implement({
  description: 'An active agent where some app of the package cannot be placed now, and why',
  fields: (t) => ({
    // The agents were read with their refusals, in one statement (notQualifying).
    agent: t.prismaField({ type: 'Agent', resolve: (_query, refusal) => refusal.agent }),
    reasons: t.exposeString('reasons', { description: 'As the app\'s queue says them: "failed constraint program.postgres LIKE .+", "lacked ports", ...' }),
  }),
});

/** These refusals with their agents: one read of the agents for all of them. */
async function withAgents(ctx: GatewayContext, refusals: QualifyingAgents['refusals']): Promise<{ agent: Agent; reasons: string }[]> {
  if (refusals.length === 0) return [];
  const agents = new Map(
    (await ctx.db.prisma.agent.findMany({ where: { id: { in: refusals.map((refusal) => refusal.agentId) } } })).map((agent) => [agent.id, agent]),
  );
  return refusals.flatMap(({ agentId, reasons }) => (agents.has(agentId) ? [{ agent: agents.get(agentId)!, reasons }] : []));
}

/**
 * Every active agent qualifies for a package or does not: 5,000 of them in a large cluster, so both
 * lists are connections. Those that qualify by hostname, read a page at a time.
 */
function qualifyingPage(ctx: GatewayContext, query: Omit<Prisma.AgentFindManyArgs, 'where' | 'orderBy'>, fit: QualifyingAgents): Promise<Agent[]> {
  return ctx.db.prisma.agent.findMany({ ...query, where: { id: { in: fit.agentIds } }, orderBy: [{ hostname: 'asc' }, { id: 'asc' }] });
}

/** Those that do not, in the same order, with why: offsets for cursors, since refusals are worked out, not stored. */
function notQualifyingPage(ctx: GatewayContext, args: DefaultConnectionArguments, fit: QualifyingAgents) {
  return resolveOffsetConnection({ args, ...pageSizes, totalCount: fit.refusals.length }, ({ offset, limit }) =>
    withAgents(ctx, fit.refusals.slice(offset, offset + limit)),
  );
}

export const PackageInstallationRef = builder.objectRef<PackageInstallation>('PackageInstallation').implement({
  description: 'What an install or upgrade did',
  fields: (t) => ({
    installedPackage: t.prismaField({
      type: 'InstalledPackage',
      resolve: (query, result, _args, ctx) => ctx.db.prisma.installedPackage.findUniqueOrThrow({ ...query, where: { id: result.installed.id } }),
    }),
    apps: t.field({
      type: [AppChangeRef],
      description: `Each app created or changed, in dependency order, with its deployment: at most ${MAX_PACKAGE_APPS}, the most a package makes`,
      resolve: (result) => result.changes,
    }),
    removedAppIds: t.idList({
      description: `Apps an upgrade removed (the new version has no such app): at most ${MAX_PACKAGE_APPS}`,
      resolve: (result) => result.removedAppIds,
    }),
    qualifyingAgents: t.prismaConnection({
      type: 'Agent',
      cursor: 'id',
      description:
        'The active agents where every app of the package can be placed now (constraints, required programs, resources, ports), by hostname: the first page (an answer to a mutation is not asked for again; renderPackage pages them all)',
      totalCount: (result) => result.qualifying.agentIds.length,
      resolve: (query, result, _args, ctx) => qualifyingPage(ctx, query, result.qualifying),
    }),
    agentsNotQualifying: t.string({
      nullable: true,
      description: 'Why the other agents do not qualify ("1 agent failed constraint program.redis-server LIKE .+"); null when all do',
      resolve: (result) => result.qualifying.reasons,
    }),
    notQualifying: t.connection(
      {
        type: AgentNotQualifyingRef,
        description: 'Each active agent that does not qualify, with why, by hostname: the first page, as for qualifyingAgents',
        resolve: (result, args, ctx) => notQualifyingPage(ctx, args, result.qualifying),
      },
      { fields: (c) => ({ totalCount: c.int({ resolve: totalCountOf }) }) },
    ),
    postInstallNotes: t.exposeString('postInstallNotes', { nullable: true }),
    notices: t.exposeStringList('notices', { description: 'What to know about this install, such as which of several repositories the package came from' }),
  }),
});

export const PackageUninstallRef = builder.objectRef<PackageUninstall>('PackageUninstall').implement({
  fields: (t) => ({
    appId: t.exposeID('appId'),
    name: t.exposeString('name'),
    version: t.exposeString('version'),
    removedAppIds: t.idList({ resolve: (result) => result.removedAppIds }),
  }),
});

/** Which agents qualify for a rendered package, worked out once for its two fields (a read of every agent and a placement on each). */
const qualifyingFor = new WeakMap<PreparedPackage, Promise<QualifyingAgents>>();
function qualifyingOf(ctx: GatewayContext, prepared: PreparedPackage): Promise<QualifyingAgents> {
  let found = qualifyingFor.get(prepared);
  if (!found) qualifyingFor.set(prepared, (found = qualifyingAgents(ctx.db.prisma, prepared.apps.specs)));
  return found;
}

export const RenderedPackageRef = builder.objectRef<PreparedPackage>('RenderedPackage').implement({
  description: 'The apps a package would be installed as, with these options: nothing is written',
  fields: (t) => ({
    appId: t.id({ resolve: (prepared) => prepared.apps.appId }),
    options: t.field({ type: 'JSON', description: 'The options with the defaults of the schema filled in', resolve: (prepared) => prepared.options }),
    apps: t.field({
      type: [AppDefinitionRef],
      description: `In dependency order, with the package labels and constraints added: at most ${MAX_PACKAGE_APPS}, the most a package makes`,
      resolve: (prepared) => prepared.apps.specs,
    }),
    notices: t.exposeStringList('notices', {
      description: 'What to know before installing: which of several repositories it came from, or why installPackage would refuse it (a Mesos framework)',
    }),
    qualifyingAgents: t.prismaConnection({
      type: 'Agent',
      cursor: 'id',
      description: 'The active agents where every app would be placed now, before anything is created (what installPackage would answer), by hostname',
      totalCount: async (prepared, _args, ctx) => (await qualifyingOf(ctx, prepared)).agentIds.length,
      resolve: async (query, prepared, _args, ctx) => qualifyingPage(ctx, query, await qualifyingOf(ctx, prepared)),
    }),
    notQualifying: t.connection(
      {
        type: AgentNotQualifyingRef,
        description: 'Each active agent where some app could not be placed now, with why, by hostname',
        resolve: async (prepared, args, ctx) => notQualifyingPage(ctx, args, await qualifyingOf(ctx, prepared)),
      },
      { fields: (c) => ({ totalCount: c.int({ resolve: totalCountOf }) }) },
    ),
  }),
});

builder.objectType(CatalogRepositoryNotFound, {
  name: 'CatalogRepositoryNotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ repository: t.exposeString('repository') }),
});

builder.objectType(CatalogRepositoryExists, {
  name: 'CatalogRepositoryExistsError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ repository: t.exposeString('repository') }),
});

builder.objectType(CatalogRepositoryBuiltIn, {
  name: 'CatalogRepositoryBuiltInError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ repository: t.exposeString('repository') }),
});

builder.objectType(CatalogRepositoryUnreadable, {
  name: 'CatalogRepositoryUnreadableError',
  description: 'The repository could not be read (no index, not JSON, unreachable): nothing was added',
  interfaces: [ErrorInterface],
  fields: (t) => ({ repository: t.exposeString('repository'), uri: t.exposeString('uri'), reason: t.exposeString('reason') }),
});

builder.objectType(PackageNotFound, {
  name: 'PackageNotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    packageName: t.exposeString('packageName'),
    version: t.exposeString('version', { nullable: true }),
    repository: t.exposeString('repository', { nullable: true }),
  }),
});

builder.objectType(PackageRenderFailed, {
  name: 'PackageRenderError',
  description: "The package's files did not make app definitions (its schema, its template, or the JSON the template rendered): nothing was written",
  interfaces: [ErrorInterface],
  fields: (t) => ({ packageName: t.exposeString('packageName'), version: t.exposeString('version'), reason: t.exposeString('reason') }),
});

builder.objectType(PackageNotInstallable, {
  name: 'PackageNotInstallableError',
  description: 'The package is not one Corral can install: it has no app template (CLI-only), or it is a Mesos framework scheduler; nothing was written',
  interfaces: [ErrorInterface],
  fields: (t) => ({ packageName: t.exposeString('packageName'), version: t.exposeString('version'), reason: t.exposeString('reason') }),
});

builder.objectType(PackageAlreadyInstalled, {
  name: 'PackageAlreadyInstalledError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ appId: t.exposeID('appId'), packageName: t.exposeString('packageName') }),
});

builder.objectType(PackageNotInstalled, {
  name: 'PackageNotInstalledError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ appId: t.exposeID('appId') }),
});
