/**
 * The keys a binding's Secret holds, per offering (issue 6's conventions).
 * Names only: the values are read through the audited reveal endpoint.
 */
const KEYS: Record<string, string[]> = {
  mysql: ['host', 'port', 'username', 'password', 'database', 'uri'],
  redis: ['host', 'port', 'username', 'password', 'keyPrefix', 'uri'],
  kafka: [
    'bootstrap.servers',
    'username',
    'password',
    'sasl.mechanism',
    'security.protocol',
    'sasl.jaas.config',
  ],
};

const FALLBACK = ['host', 'port', 'username', 'password', 'uri'];

/** The Secret keys to expect for an offering. */
export function connectionKeys(offeringId: string): string[] {
  return KEYS[offeringId] ?? FALLBACK;
}

/** Keys whose values are secret; the others are safe to show once revealed. */
export function isSecretKey(key: string): boolean {
  return /password|jaas|secret|token|uri/i.test(key);
}
