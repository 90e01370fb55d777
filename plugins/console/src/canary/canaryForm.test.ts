import { workload } from '../__testUtils__/fixtures';
import {
  CanaryForm,
  canaryRequestOf,
  initialCanaryForm,
  newRowId,
  newStep,
} from './canaryForm';
import { validateCanaryForm } from './canaryFormChecks';

const target = { cluster: 'dev', namespace: 'storefront', name: 'shop-web' };

/** The opening form with a new image and a reason: ready to send. */
function readyForm(change: Partial<CanaryForm> = {}): CanaryForm {
  const form = initialCanaryForm(workload());
  return {
    ...form,
    images: [{ ...form.images[0], image: 'registry.local/shop-web:1.4.0' }],
    reason: 'release 1.4.0',
    ...change,
  };
}

describe('canaryForm', () => {
  it("opens on the current revision's images and the default steps", () => {
    const form = initialCanaryForm(
      workload({ containers: ['shop-web', 'proxy'] }),
    );
    // The current revision (3) runs shop-web:1.3.0; there is no second image.
    expect(form.images).toEqual([
      {
        container: 'shop-web',
        current: 'registry.local/shop-web:1.3.0',
        image: 'registry.local/shop-web:1.3.0',
      },
      { container: 'proxy', current: '', image: '' },
    ]);
    expect(form.annotations).toEqual([]);
    expect(form.steps.map(s => [s.weight, s.pause, s.seconds])).toEqual([
      ['10', 'timed', '120'],
      ['25', 'timed', '120'],
      ['50', 'timed', '120'],
      ['100', 'none', '120'],
    ]);
  });

  it('accepts a form with a new image and a reason', () => {
    expect(validateCanaryForm(readyForm())).toEqual({});
  });

  it('refuses to release nothing, and asks for a reason', () => {
    const errors = validateCanaryForm(
      readyForm({
        images: initialCanaryForm(workload()).images,
        reason: ' x ',
      }),
    );
    expect(errors.release).toBe(
      'Nothing to release: change an image, an environment variable or an annotation',
    );
    expect(errors.reason).toMatch(/at least 3 characters/);
  });

  it('wants increasing whole weights ending at 100', () => {
    const errors = validateCanaryForm(
      readyForm({
        steps: [newStep(30, 60), newStep(20, 60), newStep(50.5), newStep(90)],
      }),
    );
    expect(errors['steps.1.weight']).toBe(
      'Must be more than the step before (30 %)',
    );
    expect(errors['steps.2.weight']).toBe('Give a whole number from 1 to 100');
    expect(errors['steps.3.weight']).toMatch(/The last step must be 100 %/);
    expect(errors['steps.0.weight']).toBeUndefined();
  });

  it('checks that the window holds the minimum of samples', () => {
    const errors = validateCanaryForm(
      readyForm({ windowSeconds: '60', minSamples: '6' }),
    );
    expect(errors.windowSeconds).toBe(
      'Holds 4 samples (one per 15 s), fewer than the minimum of 6',
    );
  });

  it('checks extra queries: names, PromQL, and at least one threshold', () => {
    const query = {
      id: newRowId(),
      name: 'errorRate',
      promql: ' ',
      higherIsWorse: false,
      maxIncrease: '',
      maxRatio: '',
      maxValue: '5',
    };
    const errors = validateCanaryForm(readyForm({ queries: [query] }));
    expect(errors['queries.0.name']).toBe('This name is already taken');
    expect(errors['queries.0.promql']).toBe('Give the PromQL');
    expect(errors['queries.0.maxValue']).toBe(
      'A ceiling only applies when higher is worse',
    );
    const none = validateCanaryForm(
      readyForm({ queries: [{ ...query, name: 'queue', maxValue: '' }] }),
    );
    expect(none['queries.0.maxIncrease']).toMatch(/at least one of/);
  });

  it('sends only changed images, env changes, and every setting shown', () => {
    const form = readyForm({
      env: [
        {
          id: newRowId(),
          container: 'shop-web',
          name: 'FEATURE_CHECKOUT',
          value: 's3cret',
          remove: false,
        },
        {
          id: newRowId(),
          container: 'shop-web',
          name: 'OLD_FLAG',
          value: 'ignored',
          remove: true,
        },
      ],
      steps: [newStep(20, 30), { ...newStep(100), pause: 'untilResumed' }],
      failureLimit: '2',
    });
    expect(canaryRequestOf(form, target)).toEqual({
      ...target,
      reason: 'release 1.4.0',
      spec: {
        images: { 'shop-web': 'registry.local/shop-web:1.4.0' },
        env: { 'shop-web': { FEATURE_CHECKOUT: 's3cret', OLD_FLAG: null } },
        steps: [
          { weight: 20, pause: { seconds: 30 } },
          { weight: 100, pause: { untilResumed: true } },
        ],
        analysis: {
          intervalSeconds: 15,
          windowSeconds: 120,
          minSamples: 6,
          errorRate: { maxIncreasePoints: 1 },
          latencyP95: { maxRatio: 1.2 },
          minRequests: 50,
          queries: [],
        },
        failureLimit: 2,
      },
    });
  });

  describe('annotation changes', () => {
    const annotation = (key: string, value = '0.4', remove = false) => ({
      id: newRowId(),
      key,
      value,
      remove,
    });

    it('are a release of their own', () => {
      const form = readyForm({
        images: initialCanaryForm(workload()).images,
        annotations: [annotation('devcluster.paasport.io/error-rate')],
      });
      expect(validateCanaryForm(form)).toEqual({});
    });

    const keyError = (key: string) =>
      validateCanaryForm(readyForm({ annotations: [annotation(key)] }))[
        'annotations.0.key'
      ];

    it.each([
      ['a prefixed key', 'shop.example.com/rollout-note'],
      ['a bare name', 'checksum'],
      ['a name with "_", "." and "-"', 'A_b.c-1'],
      ['316 characters', `${'p'.repeat(252)}/${'n'.repeat(63)}`],
    ])('accepts %s, as the backend does', (_what, key) => {
      expect(keyError(key)).toBeUndefined();
    });

    it.each([
      ['an upper-case prefix', 'Shop.example.com/note'],
      ['a prefix without a name', 'shop.example.com/'],
      ['a name starting with "-"', '-note'],
      ['two slashes', 'a/b/c'],
      ['a name of 64', `team/${'n'.repeat(64)}`],
      ['317 characters', `${'p'.repeat(253)}/${'n'.repeat(63)}`],
    ])('refuses %s, as the backend does', (_what, key) => {
      expect(keyError(key)).toMatch(/^Not an annotation key/);
    });

    it('asks for a key', () => {
      expect(keyError('')).toBe('Give a key');
    });

    it('refuses a key changed twice and a value over 4096 characters', () => {
      const errors = validateCanaryForm(
        readyForm({
          annotations: [
            annotation('checksum/config', 'x'.repeat(4096)),
            annotation('checksum/config', 'y'),
            annotation('team/notes', 'z'.repeat(4097)),
            annotation('team/old', 'z'.repeat(4097), true),
          ],
        }),
      );
      expect(errors).toEqual({
        'annotations.1.key': 'Already changed',
        'annotations.2.value': 'At most 4096 characters',
      });
    });

    it('are sent as a record, null for a removal, and left out when none', () => {
      const none = canaryRequestOf(readyForm(), target);
      expect(none.spec).not.toHaveProperty('annotations');
      const form = readyForm({
        annotations: [
          annotation('devcluster.paasport.io/error-rate', '0.4'),
          annotation('team/old-switch', 'ignored', true),
        ],
      });
      expect(canaryRequestOf(form, target).spec.annotations).toEqual({
        'devcluster.paasport.io/error-rate': '0.4',
        'team/old-switch': null,
      });
    });
  });
});
