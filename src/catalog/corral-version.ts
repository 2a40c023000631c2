import { readFileSync } from 'node:fs';

/** This Corral's version (package.json), which a package's minCorralVersion is compared with. */
export const corralVersion: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
