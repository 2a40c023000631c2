import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const provisionScript = fileURLToPath(new URL('../../.ci/java.sh', import.meta.url));

let provisioned: Promise<string> | undefined;

/**
 * A JDK's `java`, from .ci/java.sh: CI runs it first, so here it only checks;
 * on a fresh machine it installs Debian's default-jdk-headless (as root). When
 * it cannot, the test fails with the reason: it never skips.
 */
export function provisionJava(): Promise<string> {
  provisioned ??= new Promise((resolve, reject) => {
    execFile('bash', [provisionScript], { encoding: 'utf8', timeout: 540_000 }, (error, stdout, stderr) => {
      const java = /^JAVA=(.+)$/m.exec(stdout)?.[1];
      if (!error && java) return resolve(java);
      const reason = stderr.trim().split('\n').slice(-5).join('\n') || error?.message || 'no JAVA= line';
      reject(new Error(`cannot provision Java for the mixed-OS test (bash .ci/java.sh, as root, installs it): ${reason}`));
    });
  });
  return provisioned;
}
