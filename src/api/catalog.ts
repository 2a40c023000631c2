import { resolveArrayConnection } from '@pothos/plugin-relay';
import { AppAlreadyExists, InvalidInput, normalizeAppId } from '../apps/index.ts';
import {
  addRepository,
  CatalogRepositoryBuiltIn,
  CatalogRepositoryExists,
  CatalogRepositoryNotFound,
  CatalogRepositoryUnreadable,
  findPackage,
  installPackage,
  listRepositories,
  PackageAlreadyInstalled,
  PackageNotFound,
  PackageNotInstallable,
  PackageNotInstalled,
  PackageRenderFailed,
  preparePackage,
  removeRepository,
  searchPackages,
  uninstallPackage,
  upgradePackage,
} from '../catalog/index.ts';
import { builder } from './builder.ts';
import { CatalogRepositoryRef, PackageInstallationRef, PackageRef, PackageUninstallRef, RenderedPackageRef } from './catalog-types.ts';
import { pageSizes, totalCountOf } from './paging.ts';

// The package catalog (DC/OS Universe's): repositories, search, describe, render, install, upgrade, uninstall.

builder.queryFields((t) => ({
  catalogRepositories: t.field({
    type: [CatalogRepositoryRef],
    description: 'The repositories packages come from, in the order they are looked up (the built-in universe first)',
    resolve: (_root, _args, ctx) => listRepositories(ctx.db.prisma),
  }),
  packages: t.connection(
    {
      type: PackageRef,
      description: 'The newest version of each package, most relevant first: a name match, then a tag match, then a description match (then by name)',
      args: {
        search: t.arg.string({ description: 'Looked for in names, tags and descriptions (case does not matter)' }),
        tag: t.arg.string({ description: 'Only packages with this tag' }),
        repository: t.arg.string({ description: 'Only packages of this repository' }),
      },
      resolve: async (_root, args, ctx) => resolveArrayConnection({ args, ...pageSizes }, await searchPackages(ctx.db.prisma, ctx.repositoryAccess, args)),
    },
    { fields: (c) => ({ totalCount: c.int({ resolve: totalCountOf }) }) },
  ),
  package: t.field({
    type: PackageRef,
    nullable: true,
    description:
      'A version of a package (the newest when none is given), from the repository named, else from the first repository that has it (`notice` says so when others have it too); null when there is none',
    args: { name: t.arg.string({ required: true }), version: t.arg.string(), repository: t.arg.string({ description: 'Only this repository' }) },
    resolve: (_root, args, ctx) =>
      findPackage(ctx.db.prisma, ctx.repositoryAccess, args.name, args.version, args.repository).catch((error: Error) => {
        if (error instanceof CatalogRepositoryNotFound) return null;
        throw error;
      }),
  }),
  renderPackage: t.field({
    type: RenderedPackageRef,
    description: 'The app definitions installPackage would create with these options; nothing is written',
    errors: { types: [InvalidInput, PackageNotFound, PackageRenderFailed, PackageNotInstallable, CatalogRepositoryNotFound] },
    args: {
      name: t.arg.string({ required: true }),
      version: t.arg.string({ description: 'The newest when not given' }),
      options: t.arg({ type: 'JSON', description: "Values for the options of the package's configSchema; the rest take their defaults" }),
      appId: t.arg.id({ description: 'The app id (one app) or group id (several) it would be installed as' }),
      repository: t.arg.string({ description: 'The repository to take it from; by default the first that has it' }),
    },
    resolve: async (_root, args, ctx) => {
      const pkg = await findPackage(ctx.db.prisma, ctx.repositoryAccess, args.name, args.version, args.repository);
      if (!pkg) throw new PackageNotFound(args.name, args.version ?? undefined, args.repository ?? undefined);
      return preparePackage(pkg, args.options, args.appId === null || args.appId === undefined ? undefined : String(args.appId));
    },
  }),
  installedPackages: t.prismaConnection({
    type: 'InstalledPackage',
    cursor: 'id',
    description: 'Installed packages in order of their app ids; `name` keeps those of one package',
    args: { name: t.arg.string() },
    totalCount: (_root, args, ctx) => ctx.db.prisma.installedPackage.count({ where: args.name ? { name: args.name } : {} }),
    resolve: (query, _root, args, ctx) =>
      ctx.db.prisma.installedPackage.findMany({ ...query, where: args.name ? { name: args.name } : {}, orderBy: { appId: 'asc' } }),
  }),
  installedPackage: t.prismaField({
    type: 'InstalledPackage',
    nullable: true,
    args: { appId: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.db.prisma.installedPackage.findUnique({ ...query, where: { appId: normalizeAppId(String(args.appId)) } }),
  }),
}));

builder.mutationFields((t) => ({
  addCatalogRepository: t.field({
    type: CatalogRepositoryRef,
    // Which folders the gateway reads and which URLs it fetches is for admins to say.
    authScopes: { admin: true },
    description:
      "Adds a repository after the others: a folder on the gateway or an http(s) URL, in Corral's layout or DC/OS Universe's. It is read first; one that cannot be read is refused.",
    errors: { types: [InvalidInput, CatalogRepositoryExists, CatalogRepositoryUnreadable] },
    args: { name: t.arg.string({ required: true }), uri: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => addRepository(ctx.db.prisma, args.name, args.uri, ctx.repositoryAccess),
  }),
  removeCatalogRepository: t.field({
    type: CatalogRepositoryRef,
    authScopes: { admin: true },
    description: 'Removes a repository; installed packages stay as they are',
    errors: { types: [CatalogRepositoryNotFound, CatalogRepositoryBuiltIn] },
    args: { name: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => removeRepository(ctx.db.prisma, args.name),
  }),
  installPackage: t.field({
    type: PackageInstallationRef,
    description:
      "Checks the options against the package's schema, renders its apps and creates them, labelled with the package, in one transaction: all of them or nothing",
    errors: {
      types: [InvalidInput, PackageNotFound, PackageRenderFailed, PackageNotInstallable, PackageAlreadyInstalled, AppAlreadyExists, CatalogRepositoryNotFound],
    },
    args: {
      name: t.arg.string({ required: true }),
      version: t.arg.string({ description: 'The newest when not given' }),
      options: t.arg({ type: 'JSON', description: "Values for the options of the package's configSchema; the rest take their defaults" }),
      appId: t.arg.id({ description: 'The app id (one app) or group id (several) to install as; by default the id its template gives, else /<package name>' }),
      repository: t.arg.string({
        description: "The repository to take it from; by default the first that has it (the answer's notices say which when several do)",
      }),
    },
    resolve: (_root, args, ctx) =>
      installPackage(ctx.db.prisma, ctx.repositoryAccess, {
        name: args.name,
        version: args.version,
        options: args.options,
        appId: args.appId === null || args.appId === undefined ? undefined : String(args.appId),
        repository: args.repository,
      }),
  }),
  upgradePackage: t.field({
    type: PackageInstallationRef,
    description:
      'Renders another version (the newest by default) or other options and rolls the apps forward: each changed app deploys its next version rolling; in one transaction',
    errors: { types: [InvalidInput, PackageNotFound, PackageNotInstalled, PackageRenderFailed, PackageNotInstallable, AppAlreadyExists] },
    args: {
      appId: t.arg.id({ required: true }),
      version: t.arg.string({ description: 'The newest when not given' }),
      options: t.arg({ type: 'JSON', description: 'Merged into the options it has (objects key by key)' }),
      replaceOptions: t.arg.boolean({ description: 'The options given replace those it has, instead of merging', defaultValue: false }),
    },
    resolve: (_root, args, ctx) =>
      upgradePackage(ctx.db.prisma, ctx.repositoryAccess, {
        appId: String(args.appId),
        version: args.version,
        options: args.options,
        replaceOptions: args.replaceOptions,
      }),
  }),
  uninstallPackage: t.field({
    type: PackageUninstallRef,
    description: 'Removes every app of the package installed as appId (their tasks are killed), in one transaction',
    errors: { types: [InvalidInput, PackageNotInstalled] },
    args: { appId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => uninstallPackage(ctx.db.prisma, String(args.appId)),
  }),
}));
