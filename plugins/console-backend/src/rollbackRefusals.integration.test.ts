import { useRollbackFixture } from './__testUtils__/rollbackFixture';

// Mutates only its own namespace on the devcluster's `dev`; fails if it is down.
jest.setTimeout(600_000);

describe('console backend: rollbacks that must change nothing', () => {
  const it_ = useRollbackFixture();

  it('validates the request: a reason is required', async () => {
    const res = await it_.rollback({
      toRevision: 1,
      resourceVersion: '1',
      reason: '',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/reason/);
  });

  it('refuses with 409 when the Deployment changed since it was loaded', async () => {
    const before = await it_.read();
    const stale = String(Number(before.metadata.resourceVersion) - 1);
    const res = await it_.rollback({ toRevision: 1, resourceVersion: stale });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/changed since it was loaded/);
    await it_.expectUnchanged(before);
  });

  it('refuses with 403 without permission, and audits the refusal', async () => {
    const before = await it_.read();
    const res = await it_.rollback(
      { toRevision: 1, resourceVersion: before.metadata.resourceVersion },
      'mallory',
    );
    expect(res.status).toBe(403);
    await it_.expectUnchanged(before);
    expect(it_.audits.at(-1)).toMatchObject({
      eventId: 'workload-rollback',
      outcome: 'fail',
      error: expect.stringMatching(/console\.workload\.rollback/),
      meta: {
        cluster: 'dev',
        namespace: it_.namespace,
        toRevision: 1,
        reason: 'errors after deploy',
      },
    });
  });

  it('refuses a paused Deployment with a clear message', async () => {
    await it_.mergePatch({ spec: { paused: true } });
    try {
      const before = await it_.read();
      const res = await it_.rollback({
        toRevision: 1,
        resourceVersion: before.metadata.resourceVersion,
      });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/is paused.*Resume it first/);
      await it_.expectUnchanged(before);
    } finally {
      await it_.mergePatch({ spec: { paused: false } });
    }
  });

  it('refuses Helm-managed workloads unless an admin forces it', async () => {
    await it_.mergePatch({
      metadata: { labels: { 'app.kubernetes.io/managed-by': 'Helm' } },
    });
    try {
      const before = await it_.read();
      const resourceVersion = before.metadata.resourceVersion;
      const refused = await it_.rollback({ toRevision: 1, resourceVersion });
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toMatch(
        /managed by Helm.*An admin can force it/,
      );
      const notAdmin = await it_.rollback({
        toRevision: 1,
        resourceVersion,
        force: true,
      });
      expect(notAdmin.status).toBe(403);
      await it_.expectUnchanged(before);
      // An admin gets through; to the current template that is a no-op.
      const forced = await it_.rollback(
        { toRevision: 3, resourceVersion, force: true },
        'admin',
      );
      expect(forced.status).toBe(200);
      expect(forced.body).toMatchObject({
        outcome: 'noop',
        currentRevision: 3,
      });
    } finally {
      await it_.mergePatch({
        metadata: { labels: { 'app.kubernetes.io/managed-by': null } },
      });
    }
  });
});
