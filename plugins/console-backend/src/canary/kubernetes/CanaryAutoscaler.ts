import { ConflictError } from '@backstage/errors';
import { KubernetesObject, KubernetesObjects } from '@paasport/kubernetes-node';
import { annotationPointer } from './jsonPointer';

/** A canary never waits longer than this on one call to the API server. */
const TIMEOUT_MS = 15_000;

/**
 * On a HorizontalPodAutoscaler a canary holds: the canary's id. Whoever
 * finds it there (a person with kubectl, or Paasport after a crash) knows
 * why the autoscaler does nothing.
 *
 * @internal
 */
export const AUTOSCALER_HOLD_ANNOTATION = 'paasport.io/held-by-canary';

/**
 * Beside the hold: the autoscaler's own `minReplicas` and `behavior` as
 * JSON, which the canary gives back when it ends.
 *
 * @internal
 */
export const AUTOSCALER_SETTINGS_ANNOTATION =
  'paasport.io/settings-before-canary';

type HorizontalPodAutoscaler = KubernetesObject & {
  metadata: KubernetesObject['metadata'] & { resourceVersion?: string };
  spec: {
    scaleTargetRef: { kind: string; name: string };
    minReplicas?: number;
    maxReplicas: number;
    behavior?: unknown;
  };
};

/** What the canary kept of an autoscaler's settings. */
interface HeldSettings {
  minReplicas?: number;
  behavior?: unknown;
}

/**
 * Scaling that does nothing: neither direction may move the replicas. The
 * API server fills in the default policies around these.
 */
const NO_SCALING = {
  scaleUp: { selectPolicy: 'Disabled' },
  scaleDown: { selectPolicy: 'Disabled' },
};

/**
 * The HorizontalPodAutoscaler of a canary's stable Deployment, held while
 * the canary moves the stable's replicas and given back when it ends.
 *
 * Why: an autoscaler keeps its target within `minReplicas` whatever its
 * metrics say, so a stable Deployment scaled below that to make room for
 * the canary would be scaled straight back, and the canary would restore
 * its split, forever. Held, the autoscaler has `minReplicas: 1` and
 * scaling disabled in both directions (an autoscaler never scales a
 * target at 0, the stable at 100 %). Its own settings are kept on it as an
 * annotation, so the hold can be undone from the object alone.
 *
 * @internal
 */
export class CanaryAutoscaler {
  constructor(
    private readonly objects: KubernetesObjects,
    private readonly ref: { namespace: string; canaryId: string },
  ) {}

  private hpa(name: string) {
    return {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      namespace: this.ref.namespace,
      name,
    };
  }

  /**
   * The autoscaler that scales Deployment `deployment`, if one does. Two
   * are a conflict: Kubernetes itself refuses to act on either.
   */
  async find(deployment: string): Promise<string | undefined> {
    const all = await this.objects.list<HorizontalPodAutoscaler>(
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' },
      { namespace: this.ref.namespace },
      { timeoutMs: TIMEOUT_MS },
    );
    const names = all
      .filter(
        h =>
          h.spec.scaleTargetRef.kind === 'Deployment' &&
          h.spec.scaleTargetRef.name === deployment,
      )
      .map(h => h.metadata.name!)
      .sort();
    if (names.length > 1) {
      throw new ConflictError(
        `Deployment ${this.ref.namespace}/${deployment} is the target of ${
          names.length
        } HorizontalPodAutoscalers (${names.join(
          ', ',
        )}); Kubernetes scales it with none of them. Keep one, then start the canary`,
      );
    }
    return names[0];
  }

  /** Whether this canary holds it; `null` when it is gone. */
  async observe(name: string): Promise<{ held: boolean } | null> {
    const hpa = await this.read(name);
    if (!hpa) return null;
    return { held: this.heldBy(hpa) === this.ref.canaryId };
  }

  /** Holds it; already held by this canary is done. */
  async hold(name: string): Promise<void> {
    const hpa = await this.read(name);
    if (!hpa) return;
    const holder = this.heldBy(hpa);
    if (holder === this.ref.canaryId) return;
    if (holder) {
      throw new ConflictError(
        `HorizontalPodAutoscaler ${this.ref.namespace}/${name} is held by canary ${holder}`,
      );
    }
    const settings: HeldSettings = {
      minReplicas: hpa.spec.minReplicas,
      behavior: hpa.spec.behavior,
    };
    await this.objects.patch(
      this.hpa(name),
      [
        {
          op: 'test',
          path: '/metadata/resourceVersion',
          value: hpa.metadata.resourceVersion,
        },
        ...this.annotate(hpa, {
          [AUTOSCALER_HOLD_ANNOTATION]: this.ref.canaryId,
          [AUTOSCALER_SETTINGS_ANNOTATION]: JSON.stringify(settings),
        }),
        { op: 'add', path: '/spec/minReplicas', value: 1 },
        { op: 'add', path: '/spec/behavior', value: NO_SCALING },
      ],
      'json',
      { timeoutMs: TIMEOUT_MS },
    );
  }

  /**
   * Gives it its own settings back; not held by this canary (given back
   * already, or replaced since) is done.
   */
  async release(name: string): Promise<void> {
    const hpa = await this.read(name);
    if (!hpa || this.heldBy(hpa) !== this.ref.canaryId) return;
    const kept = hpa.metadata.annotations?.[AUTOSCALER_SETTINGS_ANNOTATION];
    const settings: HeldSettings = kept ? JSON.parse(kept) : {};
    const annotations = hpa.metadata.annotations!;
    await this.objects.patch(
      this.hpa(name),
      [
        {
          op: 'test',
          path: '/metadata/resourceVersion',
          value: hpa.metadata.resourceVersion,
        },
        ...[AUTOSCALER_HOLD_ANNOTATION, AUTOSCALER_SETTINGS_ANNOTATION]
          .filter(key => key in annotations)
          .map(key => ({
            op: 'remove',
            path: annotationPointer(key),
          })),
        settings.minReplicas === undefined
          ? { op: 'remove', path: '/spec/minReplicas' }
          : {
              op: 'add',
              path: '/spec/minReplicas',
              value: settings.minReplicas,
            },
        settings.behavior === undefined
          ? { op: 'remove', path: '/spec/behavior' }
          : { op: 'add', path: '/spec/behavior', value: settings.behavior },
      ],
      'json',
      { timeoutMs: TIMEOUT_MS },
    );
  }

  private read(name: string) {
    return this.objects.get<HorizontalPodAutoscaler>(this.hpa(name), {
      timeoutMs: TIMEOUT_MS,
    });
  }

  private heldBy(hpa: HorizontalPodAutoscaler): string | undefined {
    return hpa.metadata.annotations?.[AUTOSCALER_HOLD_ANNOTATION];
  }

  /** JSON patch operations that set these annotations. */
  private annotate(
    hpa: HorizontalPodAutoscaler,
    values: Record<string, string>,
  ) {
    if (!hpa.metadata.annotations) {
      return [{ op: 'add', path: '/metadata/annotations', value: values }];
    }
    return Object.entries(values).map(([key, value]) => ({
      op: 'add',
      path: annotationPointer(key),
      value,
    }));
  }
}
