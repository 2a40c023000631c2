/**
 * Orders version strings such as 1.2.10 > 1.2.9 and 2.0.0 > 2.0.0-rc1: parts
 * split at . - + compare as numbers when both are numbers, else as text; a
 * version with a pre-release suffix comes before the same version without it.
 */
export function compareVersions(a: string, b: string): number {
  const [aMain, aPre] = splitPrerelease(a);
  const [bMain, bPre] = splitPrerelease(b);
  const byMain = compareParts(aMain, bMain);
  if (byMain !== 0) return byMain;
  if (aPre === bPre) return 0;
  if (aPre === undefined) return 1;
  if (bPre === undefined) return -1;
  return compareParts(aPre, bPre);
}

function splitPrerelease(version: string): [string, string | undefined] {
  const at = version.indexOf('-');
  return at < 0 ? [version, undefined] : [version.slice(0, at), version.slice(at + 1)];
}

function compareParts(a: string, b: string): number {
  const left = a.split(/[.+-]/);
  const right = b.split(/[.+-]/);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i] ?? '0';
    const y = right[i] ?? '0';
    const numeric = /^\d+$/.test(x) && /^\d+$/.test(y);
    const order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
    if (order !== 0) return Math.sign(order);
  }
  return 0;
}
