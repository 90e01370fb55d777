import { PodTemplate } from '../cache/types';
import { diffTemplates, sameTemplate } from './templateDiff';

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
        from: { name: 'B', value: '2' },
      },
      {
        path: 'spec.containers[web].env[C]',
        change: 'added',
        to: { name: 'C', value: '3' },
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
});
