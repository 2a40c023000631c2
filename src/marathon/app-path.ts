import { normalizeAppId } from '../apps/index.ts';

/** An app id from a URL: python3-marathon writes /v2/apps//shop/web for /shop/web, so slashes fold. A bad id is 422 naming /id. */
export function appIdOf(raw: string): string {
  return normalizeAppId(`/${raw.split('/').filter(Boolean).join('/')}`);
}
