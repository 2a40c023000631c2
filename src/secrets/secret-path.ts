// Secret paths as DC/OS's secret store names them: /shop/db-password, segments of
// letters, digits, ".", "_" and "-"; the leading "/" is optional on input.
const segment = /^[A-Za-z0-9._-]+$/;
export const MAX_PATH_LENGTH = 256;

/** The absolute form of a path ("shop/db" -> "/shop/db"), or what is wrong with it. */
export function parseSecretPath(raw: string): { path: string } | { problem: string } {
  const parts = raw
    .trim()
    .split('/')
    .filter((part, index) => !(index === 0 && part === ''));
  if (parts.length === 0 || parts.every((part) => part === '')) return { problem: 'must name a secret, such as /shop/db-password' };
  const bad = parts.find((part) => !segment.test(part) || part === '.' || part === '..');
  if (bad !== undefined) return { problem: `segment "${bad}" is not allowed: use letters, digits, ".", "_" and "-" between slashes` };
  const path = `/${parts.join('/')}`;
  if (path.length > MAX_PATH_LENGTH) return { problem: `is ${path.length} characters long: at most ${MAX_PATH_LENGTH}` };
  return { path };
}
