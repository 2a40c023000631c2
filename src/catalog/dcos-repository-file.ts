import { packageVersionFrom, type PackageFiles, type PackageVersion } from './package-meta.ts';

/**
 * DC/OS Universe's repository file (what a Universe server answers, and
 * repo-up-to-*.json): { packages: [ {...package.json, config, resource,
 * marathon: { v2AppMustacheTemplate: base64 }, releaseVersion } ] }.
 */
export function isDcosRepositoryFile(json: unknown): boolean {
  const packages = (json as { packages?: unknown } | null)?.packages;
  return (
    Array.isArray(packages) && packages.some((entry) => typeof entry === 'object' && entry !== null && ('packagingVersion' in entry || 'marathon' in entry))
  );
}

export interface InlinePackages {
  packages: PackageVersion[];
  problems: string[];
  /** The files of each package version, by `${name}@${version}` */
  files: Map<string, PackageFiles>;
}

export const inlineKey = (found: { name: string; version: string }) => `${found.name}@${found.version}`;

export function readDcosRepositoryFile(json: { packages: unknown[] }, repository: string): InlinePackages {
  const result: InlinePackages = { packages: [], problems: [], files: new Map() };
  for (const raw of json.packages) {
    const entry = (raw ?? {}) as Record<string, unknown>;
    const revision = typeof entry.releaseVersion === 'number' ? entry.releaseVersion : undefined;
    const version = packageVersionFrom(entry, { repository, path: '', layout: 'DCOS', revision });
    if ('problem' in version) {
      result.problems.push(version.problem);
      continue;
    }
    const template = (entry.marathon as { v2AppMustacheTemplate?: unknown } | undefined)?.v2AppMustacheTemplate;
    result.packages.push(version);
    result.files.set(inlineKey(version), {
      configSchema: objectOr(entry.config),
      ...(typeof template === 'string' && { template: Buffer.from(template, 'base64').toString('utf8') }),
      resource: objectOr(entry.resource),
    });
  }
  return result;
}

const objectOr = (value: unknown) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
