import { InvalidInput, parseAppDefinition, parseAppId, type AppSpec, type Constraint, type FieldError } from '../apps/index.ts';
import { PackageRenderFailed } from './errors.ts';
import type { PackageVersion } from './package-meta.ts';

type Json = Record<string, unknown>;

/** The apps of one installation of a package: where they go and their definitions, each before those that depend on it. */
export interface PackageApps {
  /** The app or group id the package is installed as */
  appId: string;
  specs: AppSpec[];
}

/** The agent attribute that says an agent has a program: `corral agent --attributes program.redis-server=yes` */
export const programAttribute = (program: string) => `program.${program}`;

/** Marks an app as part of a package; DC/OS's names too, for tools written for DC/OS. */
export function packageLabels(pkg: Pick<PackageVersion, 'name' | 'version' | 'repository'>, appId: string): Record<string, string> {
  return {
    CORRAL_PACKAGE_NAME: pkg.name,
    CORRAL_PACKAGE_VERSION: pkg.version,
    CORRAL_PACKAGE_REPOSITORY: pkg.repository,
    CORRAL_PACKAGE_APP_ID: appId,
    DCOS_PACKAGE_NAME: pkg.name,
    DCOS_PACKAGE_VERSION: pkg.version,
  };
}

/**
 * Places rendered apps under the installation's app id and checks them as
 * app definitions. A package of one app is installed as `appId` itself
 * (by default the id its template gives, else /<package name>); a package of
 * several apps is a group: each app's id from the template goes under `appId`
 * (by default /<package name>), and a dependency naming another app of the
 * package by its template id follows it there.
 */
export function packageApps(pkg: PackageVersion, rendered: Json[], requestedAppId?: string | null): PackageApps {
  const failed = (reason: string) => new PackageRenderFailed(pkg.name, pkg.version, reason);
  const templateIds = rendered.map((app) => (typeof app.id === 'string' ? app.id.trim() : undefined));
  if (rendered.length > 1) {
    if (templateIds.some((id) => !id)) throw failed('each app of a package of several apps needs an id');
    const duplicate = templateIds.find((id, index) => templateIds.indexOf(id) !== index);
    if (duplicate) throw failed(`two of its apps have the id ${duplicate}`);
  }
  const appId = installationId(pkg, templateIds, requestedAppId);
  const finalIds = templateIds.map((id) => (rendered.length === 1 ? appId : `${appId === '/' ? '' : appId}/${id!.replace(/^\/+/, '')}`));
  const siblings = new Map<string, string>();
  templateIds.forEach((id, index) => {
    if (!id) return;
    siblings.set(id.replace(/^\/+/, ''), finalIds[index]!);
    siblings.set(`/${id.replace(/^\/+/, '')}`, finalIds[index]!);
  });
  const requirements: Constraint[] = pkg.requires.programs.map((program) => [programAttribute(program), 'LIKE', '.+']);

  const problems: FieldError[] = [];
  const specs = rendered.flatMap((app, index) => {
    const id = finalIds[index]!;
    const definition = {
      ...app,
      id,
      labels: { ...asObject(app.labels), ...packageLabels(pkg, appId) },
      constraints: [...(Array.isArray(app.constraints) ? app.constraints : []), ...requirements],
      ...(Array.isArray(app.dependencies) && {
        dependencies: app.dependencies.map((dependency) => (typeof dependency === 'string' ? (siblings.get(dependency.trim()) ?? dependency) : dependency)),
      }),
    };
    const parsed = parseAppDefinition(definition);
    if (parsed.ok) return [parsed.spec];
    problems.push(...parsed.errors.map((error) => ({ field: `apps[${id}]${error.field ? `.${error.field}` : ''}`, message: error.message })));
    return [];
  });
  if (problems.length > 0) throw new InvalidInput(problems, `app definitions of package ${pkg.name} ${pkg.version}`);
  return { appId, specs: inDependencyOrder(specs, failed) };
}

function installationId(pkg: PackageVersion, templateIds: (string | undefined)[], requested?: string | null): string {
  if (requested !== undefined && requested !== null && requested.trim() !== '') {
    const parsed = parseAppId(requested);
    if ('problem' in parsed) throw new InvalidInput([{ field: 'appId', message: parsed.problem }], 'appId');
    return parsed.id;
  }
  const own = templateIds.length === 1 && templateIds[0] ? parseAppId(templateIds[0]) : undefined;
  if (own && 'id' in own) return own.id;
  const byName = parseAppId(pkg.name.toLowerCase());
  if ('problem' in byName)
    throw new InvalidInput([{ field: 'appId', message: `give one: the package name does not make an app id (${byName.problem})` }], 'appId');
  return byName.id;
}

/** Apps that others of the package depend on come first, so each exists before its dependents are created. */
function inDependencyOrder(specs: AppSpec[], failed: (reason: string) => Error): AppSpec[] {
  const ids = new Set(specs.map((spec) => spec.id));
  const ordered: AppSpec[] = [];
  const placed = new Set<string>();
  while (ordered.length < specs.length) {
    const ready = specs.find((spec) => !placed.has(spec.id) && spec.dependencies.every((dependency) => !ids.has(dependency) || placed.has(dependency)));
    if (!ready)
      throw failed(
        `its apps depend on each other in a circle (${specs
          .filter((spec) => !placed.has(spec.id))
          .map((spec) => spec.id)
          .join(', ')})`,
      );
    ordered.push(ready);
    placed.add(ready.id);
  }
  return ordered;
}

const asObject = (value: unknown) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
