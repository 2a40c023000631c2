import { appIdOf } from './app-path.ts';
import { MarathonError } from './errors.ts';

// A group is the apps under a path: /shop holds /shop/web and /shop/db/mongo.

/** A group id from a URL or a body: "//shop/" -> "/shop", "" or "/" -> "/" (the root). */
export function groupIdOf(raw: string): string {
  return raw.split('/').some(Boolean) ? appIdOf(raw) : '/';
}

/** The parent group of an app or group id: "/shop/web" -> "/shop", "/web" -> "/". */
export function parentOf(id: string): string {
  const cut = id.lastIndexOf('/');
  return cut <= 0 ? '/' : id.slice(0, cut);
}

/** "web" in /shop -> "/shop/web"; "/shop/web" stays. Marathon's relative ids. */
export function childId(groupId: string, raw: string): string {
  if (raw.startsWith('/')) return raw.replace(/\/+$/, '');
  return `${groupId === '/' ? '' : groupId}/${raw.replace(/\/+$/, '')}`;
}

export const unknownGroup = (id: string) => new MarathonError(404, { message: `Group '${id}' does not exist` });
