import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const chromiumPath = '/usr/bin/chromium';
const provisionScript = fileURLToPath(new URL('../../.ci/chromium.sh', import.meta.url));

let provisioned: Promise<void> | undefined;

/**
 * Debian's chromium, from .ci/chromium.sh: CI runs it first, so here it is
 * there already; on a fresh machine the test installs it (as root, about half a
 * minute). When it cannot, the test fails with the reason: it never skips.
 */
export function provisionChromium(): Promise<void> {
  provisioned ??= existsSync(chromiumPath)
    ? Promise.resolve()
    : new Promise((resolve, reject) => {
        execFile('bash', [provisionScript], { encoding: 'utf8', timeout: 300_000 }, (error, _stdout, stderr) => {
          if (!error) return resolve();
          const reason = stderr.trim().split('\n').slice(-5).join('\n') || error.message;
          reject(new Error(`cannot provision chromium for the browser tests (bash .ci/chromium.sh, as root, installs it): ${reason}`));
        });
      });
  return provisioned;
}

export interface TestBrowser {
  page: Page;
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless chromium with a profile of its own, thrown away on close; `extraArgs` such as --host-resolver-rules. */
export async function openBrowser(viewport = { width: 1440, height: 1000 }, extraArgs: string[] = []): Promise<TestBrowser> {
  await provisionChromium();
  const profile = mkdtempSync(join(tmpdir(), 'corral-chromium-'));
  // playwright-core takes the profile as an argument of its own, not as --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
