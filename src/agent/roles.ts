// The resource roles an agent offers, as a Mesos agent reserves its resources for roles
// (--default_role): "*" is the unreserved role, the one every app without acceptedResourceRoles takes.

export const UNRESERVED_ROLE = '*';

/** Mesos' rules for a role name: not empty, ".", ".." nor starting with "-"; no whitespace, slash or DEL. */
export function roleNameProblem(role: string): string | undefined {
  if (role === '' || role === '.' || role === '..') return `"${role}" is not a role name`;
  if (role.startsWith('-')) return `role "${role}" starts with "-"`;
  if (/[\s/\x7f]/.test(role)) return `role "${role}" holds a space, a slash or a control character`;
  if (role.length > 100) return `role "${role.slice(0, 20)}..." is longer than 100 characters`;
  return undefined;
}

/** `--roles slave_public` or `*,slave_public`: the roles, "*" when none are given. */
export function parseRoles(text: string): string[] {
  const roles = [
    ...new Set(
      text
        .split(',')
        .map((role) => role.trim())
        .filter(Boolean),
    ),
  ];
  for (const role of roles) {
    const problem = roleNameProblem(role);
    if (problem) throw new Error(`--roles: ${problem}`);
  }
  return roles.length > 0 ? roles : [UNRESERVED_ROLE];
}
