import { Entity } from '@backstage/catalog-model';
import { modelProblems, referencedSystem } from './modelProblems';

function group(type: string, annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments', annotations },
    spec: { type, children: [] },
  };
}

function component(
  system?: string,
  annotations?: Record<string, string>,
  namespace?: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', namespace, annotations },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'payments',
      system,
    },
  };
}

describe('modelProblems', () => {
  it('accepts teams with a namespace, per-cluster namespaces, or both', () => {
    expect(
      modelProblems(group('team', { 'paasport.io/namespace': 'payments' })),
    ).toEqual([]);
    expect(
      modelProblems(group('team', { 'paasport.io/namespaces': 'dev=pay-dev' })),
    ).toEqual([]);
  });

  it('asks a team without namespace to name one', () => {
    expect(modelProblems(group('team'))).toEqual([
      expect.stringMatching(
        /^Team payments has no paasport.io\/namespace annotation/,
      ),
    ]);
  });

  it('does not require a namespace of other groups but checks any they have', () => {
    expect(modelProblems(group('department'))).toEqual([]);
    expect(
      modelProblems(group('department', { 'paasport.io/namespace': 'Bad' })),
    ).toEqual([expect.stringContaining("'Bad' is not a valid namespace name")]);
  });

  it('leaves paasport.io/namespace of other kinds alone', () => {
    expect(
      modelProblems(
        component('shop', { 'paasport.io/namespace': 'Not_A_Namespace' }),
      ),
    ).toEqual([]);
  });

  it('reports malformed per-cluster mappings of teams', () => {
    expect(
      modelProblems(group('team', { 'paasport.io/namespaces': 'dev:pay' })),
    ).toEqual([
      expect.stringContaining("'dev:pay' is not <cluster>=<namespace>"),
    ]);
  });

  it('checks backstage.io/kubernetes-namespace of any entity', () => {
    expect(
      modelProblems(
        component('shop', { 'backstage.io/kubernetes-namespace': 'pay_ments' }),
      ),
    ).toEqual([
      "backstage.io/kubernetes-namespace: 'pay_ments' is not a valid namespace name (RFC 1123 label)",
    ]);
    expect(
      modelProblems(
        component('shop', { 'backstage.io/kubernetes-namespace': 'payments' }),
      ),
    ).toEqual([]);
  });

  it('reports a spec.system that is no System reference', () => {
    expect(modelProblems(component('group:payments'))).toEqual([
      "spec.system 'group:payments' must name a System",
    ]);
    expect(modelProblems(component('system:'))).toEqual([
      "spec.system 'system:' is not an entity reference",
    ]);
  });
});

describe('referencedSystem', () => {
  it('resolves spec.system relative to the component namespace', () => {
    expect(referencedSystem(component('payments'))).toEqual({
      kind: 'system',
      namespace: 'default',
      name: 'payments',
    });
    expect(
      referencedSystem(component('payments', undefined, 'finance')),
    ).toEqual({
      kind: 'system',
      namespace: 'finance',
      name: 'payments',
    });
    expect(referencedSystem(component('system:other/payments'))).toMatchObject({
      namespace: 'other',
    });
  });

  it('is undefined without a System, for other kinds, and when malformed', () => {
    expect(referencedSystem(component())).toBeUndefined();
    expect(referencedSystem(group('team'))).toBeUndefined();
    expect(referencedSystem(component('group:payments'))).toBeUndefined();
  });
});
