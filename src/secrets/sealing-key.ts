import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PrismaClient } from '../generated/prisma/client.ts';

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** ~/.corral/secrets.key, or CORRAL_SECRETS_KEY_FILE */
export function defaultSecretsKeyFile(): string {
  return process.env.CORRAL_SECRETS_KEY_FILE || join(homedir(), '.corral', 'secrets.key');
}

/**
 * AES-256-GCM with a key kept in a file beside the gateway (0600), not in the database: a dump or
 * a backup of the database alone reveals no value. The path is the additional data, so a value
 * copied onto another row does not open.
 */
export class SealingKey {
  readonly id: string;

  private constructor(
    private readonly key: Buffer,
    readonly file: string,
  ) {
    this.id = createHash('sha256').update(key).digest('hex').slice(0, 16);
  }

  /** The key in `file`, made (random, mode 0600) when there is none yet. */
  static load(file: string): SealingKey {
    try {
      return new SealingKey(decode(readFileSync(file, 'utf8'), file), file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    try {
      // 'wx': two gateways starting at once on one machine must not each write a key of their own.
      writeFileSync(file, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
      chmodSync(file, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return new SealingKey(decode(readFileSync(file, 'utf8'), file), file);
  }

  /** nonce, tag, ciphertext: in a Uint8Array of its own, as Prisma takes Bytes */
  seal(path: string, value: string): Uint8Array<ArrayBuffer> {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce).setAAD(Buffer.from(path));
    const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    const sealed = new Uint8Array(NONCE_BYTES + TAG_BYTES + ciphertext.length);
    sealed.set(nonce, 0);
    sealed.set(cipher.getAuthTag(), NONCE_BYTES);
    sealed.set(ciphertext, NONCE_BYTES + TAG_BYTES);
    return sealed;
  }

  /** The value, or undefined when the bytes were not sealed by this key for this path. */
  open(path: string, sealed: Uint8Array): string | undefined {
    const bytes = Buffer.from(sealed);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, NONCE_BYTES)).setAAD(Buffer.from(path));
      decipher.setAuthTag(bytes.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

function decode(text: string, file: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  // The message names the file, never its content.
  if (key.length !== KEY_BYTES) throw new Error(`${file} does not hold a secrets key (${KEY_BYTES} bytes in base64)`);
  return key;
}

// The key file of each database's gateway: gateways (and tests) on different databases in one process keep their own.
const keyFiles = new WeakMap<PrismaClient, string>();
const loaded = new Map<string, SealingKey>();

/** Where the gateway on `prisma` keeps its key (startGateway); read at the first secret, not before. */
export function useSecretsKeyFile(prisma: PrismaClient, file: string): void {
  keyFiles.set(prisma, file);
}

export function sealingKeyOf(prisma: PrismaClient): SealingKey {
  const file = keyFiles.get(prisma) ?? defaultSecretsKeyFile();
  let key = loaded.get(file);
  if (!key) loaded.set(file, (key = SealingKey.load(file)));
  return key;
}
