import { PodTemplate } from '../cache/types';
import { diffTemplates, HIDDEN_VALUE, sameTemplate } from './templateDiff';

const v1: PodTemplate = {
  metadata: {
    labels: { app: 'shop-web', 'pod-template-hash': 'abc' },
    annotations: { 'devcluster.paasport.io/profile': 'web' },
  },
  spec: {
    containers: [
      {
        name: 'web',
        image: 'web:1',
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
      },
      { name: 'sidecar', image: 'proxy:1' },
    ],
  },
};

const v2: PodTemplate = {
  metadata: {
    labels: { app: 'shop-web', 'pod-template-hash': 'def' },
    annotations: {
      'devcluster.paasport.io/profile': 'web',
      'devcluster.paasport.io/error-rate': '0.06',
    },
  },
  spec: {
    containers: [
      { name: 'sidecar', image: 'proxy:1' },
      {
        name: 'web',
        image: 'web:2',
        env: [
          { name: 'A', value: '1' },
          { name: 'C', value: '3' },
        ],
      },
    ],
  },
};

describe('diffTemplates', () => {
  it('pairs containers and env by name and ignores pod-template-hash', () => {
    expect(diffTemplates(v1, v2)).toEqual([
      {
        path: 'metadata.annotations["devcluster.paasport.io/error-rate"]',
        change: 'added',
        to: '0.06',
      },
      {
        path: 'spec.containers[web].env[B]',
        change: 'removed',
        from: { name: 'B', value: HIDDEN_VALUE },
      },
      {
        path: 'spec.containers[web].env[C]',
        change: 'added',
        to: { name: 'C', value: HIDDEN_VALUE },
      },
      {
        path: 'spec.containers[web].image',
        change: 'changed',
        from: 'web:1',
        to: 'web:2',
      },
    ]);
  });

  it('treats templates that differ only in controller bookkeeping as equal', () => {
    const fromController = {
      ...v1,
      metadata: {
        ...v1.metadata,
        creationTimestamp: null,
        labels: { app: 'shop-web', 'pod-template-hash': 'zzz' },
      },
      $patch: 'replace',
    } as unknown as PodTemplate;
    expect(sameTemplate(v1, fromController)).toBe(true);
    expect(sameTemplate(v1, v2)).toBe(false);
  });

  it('compares unnamed lists by position', () => {
    const a: PodTemplate = {
      spec: { containers: [{ name: 'w', args: ['--a', '--b'] }] },
    };
    const b: PodTemplate = {
      spec: { containers: [{ name: 'w', args: ['--a'] }] },
    };
    expect(diffTemplates(a, b)).toEqual([
      { path: 'spec.containers[w].args[1]', change: 'removed', from: '--b' },
    ]);
  });

  describe('never shows environment variable values', () => {
    const secret = 's3cr3t-password';
    const withEnv = (value: string, extra: object = {}): PodTemplate => ({
      spec: {
        containers: [
          {
            name: 'api',
            image: 'api:1',
            env: [
              { name: 'DB_PASSWORD', value },
              {
                name: 'FROM_SECRET',
                valueFrom: { secretKeyRef: { name: 'db', key: 'pw' } },
              },
            ],
            ...extra,
          },
        ],
      },
    });

    it('reports a changed value without the value', () => {
      const changes = diffTemplates(withEnv(secret), withEnv('other'));
      expect(changes).toEqual([
        {
          path: 'spec.containers[api].env[DB_PASSWORD].value',
          change: 'changed',
        },
      ]);
    });

    it('hides values inside added containers, env lists and unnamed lists', () => {
      const noContainers: PodTemplate = { spec: { containers: [] } };
      const noEnv: PodTemplate = {
        spec: { containers: [{ name: 'api', image: 'api:1' }] },
      };
      const duplicated: PodTemplate = {
        spec: {
          containers: [
            {
              name: 'api',
              env: [
                { name: 'X', value: secret },
                { name: 'X', value: `${secret}2` },
              ],
            },
          ],
        },
      };
      const all = [
        ...diffTemplates(noContainers, withEnv(secret)),
        ...diffTemplates(withEnv(secret), noContainers),
        ...diffTemplates(noEnv, withEnv(secret)),
        ...diffTemplates(noContainers, duplicated),
        ...diffTemplates(duplicated, {
          spec: { containers: [{ name: 'api', env: [] }] },
        }),
      ];
      expect(all.length).toBeGreaterThanOrEqual(5);
      expect(JSON.stringify(all)).not.toContain(secret);
      expect(JSON.stringify(all)).toContain(HIDDEN_VALUE);
      // What is not a value stays visible: names and secret references.
      expect(JSON.stringify(all)).toContain('DB_PASSWORD');
      expect(JSON.stringify(all)).toContain('secretKeyRef');
    });
  });
});
