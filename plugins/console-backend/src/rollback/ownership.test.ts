import { KubeObject } from '../cache/types';
import { detectOwner, ownerGuidance } from './ownership';

function object(
  labels: Record<string, string>,
  annotations: Record<string, string> = {},
): KubeObject {
  return {
    metadata: {
      name: 'x',
      uid: 'u',
      resourceVersion: '1',
      creationTimestamp: 't',
      labels,
      annotations,
    },
  };
}

describe('detectOwner', () => {
  it('recognises Helm releases', () => {
    expect(
      detectOwner(
        object(
          { 'app.kubernetes.io/managed-by': 'Helm' },
          { 'meta.helm.sh/release-name': 'shop' },
        ),
      ),
    ).toEqual({
      manager: 'helm',
      name: 'shop',
      evidence: [
        'label app.kubernetes.io/managed-by=Helm',
        'annotation meta.helm.sh/release-name',
      ],
    });
  });

  it('recognises Argo CD by label or tracking id, before Helm', () => {
    expect(
      detectOwner(
        object({
          'argocd.argoproj.io/instance': 'shop-prod',
          'app.kubernetes.io/managed-by': 'Helm',
        }),
      ),
    ).toMatchObject({ manager: 'argocd', name: 'shop-prod' });
    expect(
      detectOwner(
        object(
          {},
          {
            'argocd.argoproj.io/tracking-id':
              'shop-dev:apps/Deployment:storefront/shop-web',
          },
        ),
      ),
    ).toMatchObject({ manager: 'argocd', name: 'shop-dev' });
  });

  it('recognises Flux Kustomizations and HelmReleases, before Helm', () => {
    expect(
      detectOwner(
        object({
          'kustomize.toolkit.fluxcd.io/name': 'apps',
          'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
        }),
      ),
    ).toEqual({
      manager: 'flux',
      name: 'apps',
      evidence: [
        'label kustomize.toolkit.fluxcd.io/name',
        'label kustomize.toolkit.fluxcd.io/namespace',
      ],
    });
    expect(
      detectOwner(
        object({
          'helm.toolkit.fluxcd.io/name': 'shop',
          'app.kubernetes.io/managed-by': 'Helm',
        }),
      ),
    ).toMatchObject({ manager: 'flux', name: 'shop' });
  });

  it('finds no manager on plain workloads', () => {
    expect(
      detectOwner(object({ 'app.kubernetes.io/managed-by': 'paasport' })),
    ).toEqual({ manager: 'none', evidence: [] });
    expect(ownerGuidance({ manager: 'none', evidence: [] })).toBeUndefined();
  });

  it('explains what to do instead', () => {
    expect(
      ownerGuidance({ manager: 'helm', name: 'shop', evidence: [] }),
    ).toContain('helm rollback shop');
    expect(ownerGuidance({ manager: 'argocd', evidence: [] })).toContain(
      'revert the change in Git',
    );
    expect(
      ownerGuidance({ manager: 'flux', name: 'apps', evidence: [] }),
    ).toContain('suspend the Flux object');
  });
});
