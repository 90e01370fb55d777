import {
  decommissionEntityPathSchema,
  runIdSchema,
  startDecommissionSchema,
} from './schemas';

describe('decommission schemas', () => {
  it('accepts Components and Systems in any case, nothing else', () => {
    expect(
      decommissionEntityPathSchema.parse({
        kind: 'System',
        namespace: 'default',
        name: 'shop',
      }),
    ).toEqual({ kind: 'system', namespace: 'default', name: 'shop' });
    expect(
      decommissionEntityPathSchema.safeParse({
        kind: 'group',
        namespace: 'default',
        name: 'storefront',
      }).success,
    ).toBe(false);
  });

  it('wants a sha-256 fingerprint and a confirmation', () => {
    expect(
      startDecommissionSchema.safeParse({
        confirmation: 'shop',
        fingerprint: 'a'.repeat(64),
      }).success,
    ).toBe(true);
    expect(
      startDecommissionSchema.safeParse({
        confirmation: 'shop',
        fingerprint: 'not-a-hash',
      }).success,
    ).toBe(false);
    expect(
      startDecommissionSchema.safeParse({ fingerprint: 'a'.repeat(64) })
        .success,
    ).toBe(false);
  });

  it('wants run ids to be UUIDs', () => {
    expect(runIdSchema.safeParse({ id: '../etc' }).success).toBe(false);
    expect(
      runIdSchema.safeParse({ id: '6f1b5a0e-6d59-4a57-9c3b-2f0d4d7c9e11' })
        .success,
    ).toBe(true);
  });
});
