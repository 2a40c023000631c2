import { InvalidInput, requireValidSpec, resolveDependency, type AppSpec, type FieldError } from '../apps/index.ts';
import { childId, parentOf } from './group-ids.ts';

/** What a group in the body says about its members: a list given replaces the members of that kind (PUT). */
export interface DescribedGroup {
  apps?: Set<string>;
  groups?: Set<string>;
}

/** A group definition (Marathon's GroupUpdate) with every id made absolute and every app parsed. */
export interface GroupPlan {
  id: string;
  specs: AppSpec[];
  described: Map<string, DescribedGroup>;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a group and its nested groups as Marathon does: ids are relative to
 * the enclosing group ("web" in /shop is /shop/web), an absolute one must be a
 * direct child, and a group's dependencies hold for every app in it. Every app
 * goes through the same parser as POST /v2/apps. Throws InvalidInput naming
 * every problem at its path in the body.
 */
export function readGroup(id: string, body: Record<string, unknown>): GroupPlan {
  const plan: GroupPlan = { id, specs: [], described: new Map() };
  const errors: FieldError[] = [];
  readLevel(id, body, '', [], plan, errors);
  const seen = new Set<string>();
  plan.specs.forEach((spec) => {
    if (seen.has(spec.id)) errors.push({ field: 'apps', message: `app ${spec.id} is given twice` });
    seen.add(spec.id);
  });
  if (errors.length > 0) throw new InvalidInput(errors, 'group');
  return plan;
}

function readLevel(groupId: string, group: Record<string, unknown>, at: string, inherited: string[], plan: GroupPlan, errors: FieldError[]): void {
  const dependencies = [...inherited, ...groupDependencies(groupId, group.dependencies, at, errors)];
  const described: DescribedGroup = {};
  plan.described.set(groupId, described);
  if (group.apps !== undefined) {
    described.apps = new Set();
    list(group.apps, `${at}apps`, errors).forEach((app, index) => {
      const spec = readApp(groupId, app, `${at}apps[${index}]`, dependencies, errors);
      if (spec) plan.specs.push(spec), described.apps!.add(spec.id);
    });
  }
  if (group.groups !== undefined) {
    described.groups = new Set();
    list(group.groups, `${at}groups`, errors).forEach((child, index) => {
      const field = `${at}groups[${index}]`;
      const childGroupId = memberId(groupId, child, field, errors);
      if (!childGroupId || !isObject(child)) return;
      described.groups!.add(childGroupId);
      readLevel(childGroupId, child, `${field}.`, dependencies, plan, errors);
    });
  }
}

function readApp(groupId: string, app: unknown, field: string, groupDependencies: string[], errors: FieldError[]): AppSpec | undefined {
  const id = memberId(groupId, app, field, errors);
  if (!id || !isObject(app)) return undefined;
  // A group's dependency on a group holding this very app would make it wait for itself.
  const inherited = groupDependencies.filter((dependency) => !(id === dependency || id.startsWith(`${dependency}/`)));
  const own = Array.isArray(app.dependencies) ? app.dependencies : [];
  const definition = inherited.length === 0 ? { ...app, id } : { ...app, id, dependencies: [...own, ...inherited] };
  try {
    return requireValidSpec(definition);
  } catch (error) {
    if (!(error instanceof InvalidInput)) throw error;
    errors.push(...error.fields.map((problem) => ({ field: problem.field ? `${field}.${problem.field}` : field, message: problem.message })));
    return undefined;
  }
}

/** The absolute id of an app or group in `groupId`, which must be a direct child. */
function memberId(groupId: string, member: unknown, field: string, errors: FieldError[]): string | undefined {
  if (!isObject(member)) return (errors.push({ field, message: 'must be an object' }), undefined);
  if (typeof member.id !== 'string' || member.id.trim() === '')
    return (errors.push({ field: `${field}.id`, message: 'is required: a path relative to its group' }), undefined);
  const id = childId(groupId, member.id.trim());
  if (parentOf(id) !== groupId) {
    errors.push({ field: `${field}.id`, message: `Identifier is not child of '${groupId}': use a path relative to the group` });
    return undefined;
  }
  return id;
}

function groupDependencies(groupId: string, raw: unknown, at: string, errors: FieldError[]): string[] {
  if (raw === undefined || raw === null) return [];
  return list(raw, `${at}dependencies`, errors).flatMap((dependency, index) => {
    // Relative to the group itself (Marathon's canonicalPath(gid)): "mongo" in /shop is /shop/mongo, as for its apps.
    const resolved = typeof dependency === 'string' ? resolveDependency(childId(groupId, '-'), dependency) : undefined;
    if (resolved === undefined || resolved === '/') errors.push({ field: `${at}dependencies[${index}]`, message: 'must be the path of an app or group' });
    return resolved === undefined || resolved === '/' ? [] : [resolved];
  });
}

function list(raw: unknown, field: string, errors: FieldError[]): unknown[] {
  if (Array.isArray(raw)) return raw;
  errors.push({ field, message: 'must be an array' });
  return [];
}
