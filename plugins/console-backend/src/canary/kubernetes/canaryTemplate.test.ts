import {
  canaryPodTemplate,
  promotedTemplate,
  templateFingerprint,
} from './canaryTemplate';

const stable = {
  metadata: {
    labels: { app: 'shop', 'pod-template-hash': 'abc123' },
    annotations: { 'example.com/keep': 'yes' },
  },
  spec: {
    containers: [
      {
        name: 'api',
        image: 'shop/api:1.0.0',
        env: [
          { name: 'LOG_LEVEL', value: 'info' },
          { name: 'OLD', value: 'x' },
        ],
      },
      { name: 'sidecar', image: 'proxy:1' },
    ],
  },
};

const change = (c: object) => ({ images: {}, env: {}, annotations: {}, ...c });

describe('canaryPodTemplate', () => {
  it('applies images, environment and annotation changes and adds the track label', () => {
    const template = canaryPodTemplate(
      stable,
      change({
        images: { api: 'shop/api:2.0.0' },
        env: { api: { LOG_LEVEL: 'debug', OLD: null, NEW: '1' } },
        annotations: { 'example.com/keep': null, 'example.com/sum': 'f00' },
      }),
    );
    expect(template.spec!.containers[0]).toEqual({
      name: 'api',
      image: 'shop/api:2.0.0',
      env: [
        { name: 'LOG_LEVEL', value: 'debug' },
        { name: 'NEW', value: '1' },
      ],
    });
    expect(template.spec!.containers[1]).toEqual(stable.spec.containers[1]);
    expect(template.metadata!.annotations).toEqual({
      'example.com/sum': 'f00',
    });
    expect(template.metadata!.labels).toMatchObject({
      app: 'shop',
      'paasport.io/track': 'canary',
    });
    // The stable template is not changed.
    expect(stable.spec.containers[0].image).toBe('shop/api:1.0.0');
  });

  it('names the containers there are when the release names one that is not', () => {
    expect(() =>
      canaryPodTemplate(stable, change({ images: { web: 'shop/web:2' } })),
    ).toThrow(
      'The Deployment has no container "web"; its containers are "api", "sidecar"',
    );
  });

  it('leaves out emptied maps and lists, as the API server stores them', () => {
    const template = canaryPodTemplate(
      stable,
      change({
        env: { api: { LOG_LEVEL: null, OLD: null } },
        annotations: { 'example.com/keep': null },
      }),
    );
    expect(template.spec!.containers[0]).not.toHaveProperty('env');
    expect(template.metadata).not.toHaveProperty('annotations');
  });
});

describe('templateFingerprint', () => {
  it('is the same for the canary template and the stable one after promotion, whatever the key order or hash label', () => {
    const canary = canaryPodTemplate(
      stable,
      change({ images: { api: 'shop/api:2.0.0' } }),
    );
    const promoted = promotedTemplate(canary);
    const stored = JSON.parse(JSON.stringify(promoted));
    stored.metadata.labels = { 'pod-template-hash': 'zzz', app: 'shop' };
    expect(templateFingerprint(stored)).toBe(templateFingerprint(canary));
    expect(promoted.metadata!.labels).not.toHaveProperty('paasport.io/track');
  });

  it('differs when anything a pod runs differs', () => {
    const canary = canaryPodTemplate(
      stable,
      change({ images: { api: 'shop/api:2.0.0' } }),
    );
    expect(templateFingerprint(canary)).not.toBe(templateFingerprint(stable));
    const env = canaryPodTemplate(
      stable,
      change({ env: { api: { OLD: 'y' } } }),
    );
    expect(templateFingerprint(env)).not.toBe(templateFingerprint(stable));
  });
});
