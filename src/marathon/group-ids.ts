import { parseAppId } from '../apps/index.ts';
import { MarathonError } from './errors.ts';

// A group is the apps under a path: /shop holds /shop/web and /shop/db/mongo.

/** A group id from a URL or a body: "//shop/" -> "/shop", "" or "/" -> "/" (the root). */
export function groupIdOf(raw: string): string {
  const parts = raw.split('/').filter(Boolean);
  if (parts.length === 0) return '/';
  const parsed = parseAppId('/' + parts.join('/'));
  if ('problem' in parsed) throw new MarathonError(422, { message: 'Object is not valid', details: [{ path: '/id', errors: [parsed.problem] }] });
  return parsed.id;
}

/** The parent group of an app or group id: "/shop/web" -> "/shop", "/web" -> "/". */
export function parentOf(id: string): string {
  const cut = id.lastIndexOf('/');
  return cut <= 0 ? '/' : id.slice(0, cut);
}

/** "web" in /shop -> "/shop/web"; "/shop/web" stays. Marathon's relative ids. */
export function childId(groupId: string, raw: string): string {
  if (raw.startsWith('/')) return raw.replace(/\/+$/, '');
  return (groupId === '/' ? '' : groupId) + '/' + raw.replace(/\/+$/, '');
}

/** Prisma's filter for the apps under a group (every app for the root). */
export function appsUnder(groupId: string) {
  return groupId === '/' ? { deletedAt: null } : { deletedAt: null, id: { startsWith: `${groupId}/` } };
}

export const unknownGroup = (id: string) => new MarathonError(404, { message: `Group '${id}' does not exist` });
