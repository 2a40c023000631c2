import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayOnScratch, type TestGateway } from '../helpers/gateway.ts';
import { runCorral } from '../helpers/corral-process.ts';

describe('corral secret, against a gateway', () => {
  let gateway: TestGateway & { stop(): Promise<void> };
  let dir: string;
  let env: Record<string, string>;
  const corral = (...args: string[]) => runCorral(args, env);

  beforeAll(async () => {
    gateway = await gatewayOnScratch('pglite');
    dir = mkdtempSync(join(tmpdir(), 'corral-secret-cli-'));
    env = { CORRAL_URL: gateway.gateway.url, CORRAL_CONFIG: join(dir, 'no-config.json') };
  });
  afterAll(async () => {
    await gateway?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates secrets from --value or a file, lists their paths, updates and deletes them, never printing a value', async () => {
    const file = join(dir, 'password');
    writeFileSync(file, 'from-a-file');
    expect(await corral('secret', 'create', '/shop/db-password', '--value', 'hunter2')).toMatchObject({
      code: 0,
      stdout: 'Created secret /shop/db-password\n',
    });
    expect(await corral('secret', 'create', 'shop/api-key', '--file', file)).toMatchObject({ code: 0, stdout: 'Created secret /shop/api-key\n' });

    const table = await corral('secret', 'list', '/shop');
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n').map((line) => line.split(/\s+/)[0])).toEqual(['PATH', '/shop/api-key', '/shop/db-password', '']);
    const listed = JSON.parse((await corral('secret', 'list', '--json')).stdout) as { path: string }[];
    expect(listed.map((secret) => secret.path)).toEqual(['/shop/api-key', '/shop/db-password']);

    expect(await corral('secret', 'update', '/shop/db-password', '--value', 'hunter3')).toMatchObject({
      code: 0,
      stdout: 'Updated secret /shop/db-password\n',
    });
    expect(await corral('secret', 'delete', '/shop/db-password')).toMatchObject({ code: 0, stdout: 'Deleted secret /shop/db-password\n' });
    const again = await corral('secret', 'delete', '/shop/db-password');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('secret /shop/db-password does not exist');
    expect(JSON.stringify(await corral('secret', 'list', '--json'))).not.toMatch(/hunter|from-a-file/);
  });

  it('says what is wrong with the command or the input', async () => {
    const neither = await corral('secret', 'create', '/x');
    expect(neither.code).not.toBe(0);
    expect(neither.stderr).toContain('give the value with one of --value or --file');
    const bad = await corral('secret', 'create', '/a b', '--value', 'v');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('path: segment "a b" is not allowed');
    const missing = await corral('secret', 'create', '/x', '--file', join(dir, 'nothing'));
    expect(missing.stderr).toContain('no such file');
  });
});
