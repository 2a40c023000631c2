import { randomUUID } from 'node:crypto';

/** Marathon's task id form: the app path with dots, a dot, then a UUID (shop_web.1b4e...). */
export function newTaskId(appId: string): string {
  return `${appId.slice(1).replace(/\//g, '_')}.${randomUUID()}`;
}
