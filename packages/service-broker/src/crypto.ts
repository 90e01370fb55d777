import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Seals credentials with AES-256-GCM before they reach the broker's database,
 * so a dump of the state store does not hand out database and Redis passwords.
 *
 * @public
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /** Creates a box from a base64 key of exactly 32 bytes. */
  static fromBase64(key: string): SecretBox {
    const bytes = Buffer.from(key, 'base64');
    if (bytes.length !== 32) {
      throw new Error('The encryption key must be 32 bytes, base64 encoded');
    }
    return new SecretBox(bytes);
  }

  /** Encrypts a JSON value into `v1.<iv>.<tag>.<ciphertext>`. */
  seal(value: unknown): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([
      cipher.update(JSON.stringify(value), 'utf8'),
      cipher.final(),
    ]);
    const parts = [iv, cipher.getAuthTag(), body].map(b =>
      b.toString('base64'),
    );
    return ['v1', ...parts].join('.');
  }

  /** Decrypts what {@link SecretBox.seal} produced; throws if it was tampered with. */
  open<T>(sealed: string): T {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || !body) {
      throw new Error('Unrecognised sealed value');
    }
    const decipher = createDecipheriv(
      'aes-256-gcm',
      this.key,
      Buffer.from(iv, 'base64'),
    );
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    const plain = Buffer.concat([
      decipher.update(Buffer.from(body, 'base64')),
      decipher.final(),
    ]);
    return JSON.parse(plain.toString('utf8')) as T;
  }
}

/** A password of URL- and shell-safe characters with 192 bits of entropy. @public */
export function generatePassword(): string {
  return randomBytes(24).toString('base64url');
}
