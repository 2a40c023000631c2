// App ids are Marathon paths: /group/sub/app, each segment lowercase letters,
// digits, dots and dashes, starting and ending with a letter or digit.
const segment = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/;

/** The absolute form of an id ("web" -> "/web"), or an explanation of what is wrong. */
export function parseAppId(raw: string): { id: string } | { problem: string } {
  const trimmed = raw.trim();
  const parts = trimmed.split('/').filter((part, index) => !(index === 0 && part === ''));
  if (trimmed === '' || trimmed === '/' || parts.length === 0) return { problem: 'must name an app, such as /shop/web' };
  const bad = parts.find((part) => !segment.test(part));
  if (bad !== undefined) {
    return {
      problem: `segment "${bad}" is not allowed: use lowercase letters, digits, "-" and ".", starting and ending with a letter or digit`,
    };
  }
  return { id: `/${parts.join('/')}` };
}

/** Prisma's filter for the apps, not deleted, under a group id ("/shop" holds /shop/web, not /shopping); every app for the root "/". */
export function appsInGroup(groupId: string): { deletedAt: null; id?: { startsWith: string } } {
  return groupId === '/' ? { deletedAt: null } : { deletedAt: null, id: { startsWith: `${groupId}/` } };
}
