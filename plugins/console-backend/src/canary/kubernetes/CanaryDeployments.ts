import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  CANARY_ID_ANNOTATION,
  CANARY_TRACK_LABEL,
  KubernetesObject,
  KubernetesObjects,
} from '@paasport/kubernetes-node';
import { Deployment, PodTemplate } from '../../cache/types';
import { CHANGE_CAUSE_ANNOTATION } from '../../releases/rollout';
import { trackPodPattern } from '../analysis/analysisQueries';
import { CanaryObservation, effectiveWeight, scalingBoundsFor } from '../plan';
import {
  CANARY_TRACK,
  promotedTemplate,
  templateFingerprint,
} from './canaryTemplate';
import { CanaryAutoscaler } from './CanaryAutoscaler';
import { annotationPointer } from './jsonPointer';

/** A canary never waits longer than this on one call to the API server. */
const TIMEOUT_MS = 15_000;

/** The fields of a Deployment a canary reads beyond the console's cache type. */
export type CanaryDeployment = Deployment & {
  spec: Deployment['spec'] & {
    selector: {
      matchLabels?: Record<string, string>;
      matchExpressions?: unknown[];
    };
    strategy?: {
      type?: string;
      rollingUpdate?: {
        maxSurge?: number | string;
        maxUnavailable?: number | string;
      };
    };
    minReadySeconds?: number;
  };
};

type EndpointSlice = KubernetesObject & {
  endpoints?: Array<{
    conditions?: { ready?: boolean };
    targetRef?: { kind?: string; name?: string };
  }>;
};

/** What a tick sees, with the objects behind it. */
export interface CanarySight {
  observed: CanaryObservation;
  /** Ready canary endpoints of all ready endpoints, in percent. */
  actualWeight: number | null;
  stable: CanaryDeployment;
  canary?: CanaryDeployment;
}

/**
 * One canary's two Deployments on a cluster, read and changed through the
 * object layer as the person the canary acts for.
 *
 * @internal
 */
export class CanaryDeployments {
  readonly canaryName: string;
  /** The stable Deployment's HorizontalPodAutoscaler, held and released. */
  readonly autoscaler: CanaryAutoscaler;

  constructor(
    private readonly objects: KubernetesObjects,
    private readonly ref: { namespace: string; name: string; canaryId: string },
  ) {
    this.canaryName = `${ref.name}-canary`;
    this.autoscaler = new CanaryAutoscaler(objects, ref);
  }

  private deployment(name: string) {
    const { namespace } = this.ref;
    return { apiVersion: 'apps/v1', kind: 'Deployment', namespace, name };
  }

  async readStable(): Promise<CanaryDeployment> {
    const stable = await this.objects.get<CanaryDeployment>(
      this.deployment(this.ref.name),
      { timeoutMs: TIMEOUT_MS },
    );
    if (!stable) {
      throw new NotFoundError(
        `Deployment ${this.ref.namespace}/${this.ref.name} not found`,
      );
    }
    return stable;
  }

  /** The canary Deployment, only if this canary made it. */
  async readCanary(): Promise<CanaryDeployment | undefined> {
    const canary = await this.objects.get<CanaryDeployment>(
      this.deployment(this.canaryName),
      { timeoutMs: TIMEOUT_MS },
    );
    if (!canary) return undefined;
    const owner = canary.metadata.annotations?.[CANARY_ID_ANNOTATION];
    if (owner !== this.ref.canaryId) {
      const whose = owner ? ` (it belongs to canary ${owner})` : '';
      throw new ConflictError(
        `Deployment ${this.ref.namespace}/${this.canaryName} exists but was not made by this canary${whose}`,
      );
    }
    return canary;
  }

  /**
   * Creates the canary Deployment with no replicas: the stable's selector
   * plus the track label, its strategy and readiness settings, and the
   * canary template. An object of that name already there is a conflict,
   * never taken over.
   */
  async createCanary(
    stable: CanaryDeployment,
    template: PodTemplate,
  ): Promise<CanaryDeployment> {
    const { namespace, canaryId } = this.ref;
    const selector = stable.spec.selector;
    const created = await this.objects.create(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: this.canaryName,
          namespace,
          labels: {
            ...stable.metadata.labels,
            [CANARY_TRACK_LABEL]: CANARY_TRACK,
          },
          annotations: { [CANARY_ID_ANNOTATION]: canaryId },
        },
        spec: {
          replicas: 0,
          selector: {
            ...selector,
            matchLabels: {
              ...selector.matchLabels,
              [CANARY_TRACK_LABEL]: CANARY_TRACK,
            },
          },
          template,
          ...(stable.spec.strategy && { strategy: stable.spec.strategy }),
          ...(stable.spec.minReadySeconds && {
            minReadySeconds: stable.spec.minReadySeconds,
          }),
          progressDeadlineSeconds: stable.spec.progressDeadlineSeconds,
          revisionHistoryLimit: 1,
        },
      },
      { timeoutMs: TIMEOUT_MS },
    );
    // What the API server answers is a whole Deployment.
    return created as unknown as CanaryDeployment;
  }

  /**
   * Both Deployments as the machine needs them, the weight in effect, and
   * the state's autoscaler (`autoscaler`, its name) if it has one.
   */
  async observe(
    originalReplicas: number,
    autoscaler?: string,
  ): Promise<CanarySight> {
    const [stable, canary, actualWeight, held] = await Promise.all([
      this.readStable(),
      this.readCanary(),
      this.endpointWeight(),
      autoscaler ? this.autoscaler.observe(autoscaler) : undefined,
    ]);
    const track = (d: CanaryDeployment) => ({
      desired: d.spec.replicas ?? 1,
      ready: d.status?.readyReplicas ?? 0,
    });
    return {
      observed: {
        stable: {
          ...track(stable),
          template: templateFingerprint(stable.spec.template),
        },
        canary: canary ? track(canary) : null,
        bounds: scalingBoundsFor(
          originalReplicas,
          stable.spec.strategy?.rollingUpdate,
        ),
        ...(autoscaler && { autoscaler: held }),
      },
      actualWeight,
      stable,
      canary,
    };
  }

  /**
   * Ready canary endpoints of all ready endpoints of the Service that fronts
   * the most of the two tracks' pods: what the traffic split really is.
   */
  private async endpointWeight(): Promise<number | null> {
    const slices = await this.objects.list<EndpointSlice>(
      { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' },
      { namespace: this.ref.namespace },
      { timeoutMs: TIMEOUT_MS },
    );
    const stablePods = new RegExp(
      `^${trackPodPattern(this.ref.name, 'stable')}$`,
    );
    const canaryPods = new RegExp(
      `^${trackPodPattern(this.ref.name, 'canary')}$`,
    );
    const byService = new Map<
      string,
      { stable: Set<string>; canary: Set<string> }
    >();
    for (const slice of slices) {
      const service = slice.metadata.labels?.['kubernetes.io/service-name'];
      if (!service) continue;
      const counts = byService.get(service) ?? {
        stable: new Set<string>(),
        canary: new Set<string>(),
      };
      byService.set(service, counts);
      for (const endpoint of slice.endpoints ?? []) {
        const pod = endpoint.targetRef?.name;
        if (endpoint.targetRef?.kind !== 'Pod' || !pod) continue;
        if (endpoint.conditions?.ready === false) continue;
        if (canaryPods.test(pod)) counts.canary.add(pod);
        else if (stablePods.test(pod)) counts.stable.add(pod);
      }
    }
    let best: { stable: Set<string>; canary: Set<string> } | undefined;
    for (const counts of byService.values()) {
      const size = counts.stable.size + counts.canary.size;
      if (size && (!best || size > best.stable.size + best.canary.size)) {
        best = counts;
      }
    }
    return best ? effectiveWeight(best.canary.size, best.stable.size) : null;
  }

  async scale(track: 'canary' | 'stable', replicas: number): Promise<void> {
    const name = track === 'canary' ? this.canaryName : this.ref.name;
    if (track === 'canary') await this.readCanary(); // only our own
    await this.objects.scale(this.deployment(name), replicas, {
      timeoutMs: TIMEOUT_MS,
    });
  }

  /**
   * The stable Deployment takes the canary's template, once: already there
   * is done; a template other than the one the canary was compared with is
   * a conflict (someone changed the stable meanwhile). The patch carries the
   * resourceVersion read, so a change between read and write is refused by
   * the API server too.
   */
  async promote(
    expectStableTemplate: string,
    canaryTemplate: PodTemplate,
    changeCause: string,
  ): Promise<'promoted' | 'already'> {
    const stable = await this.readStable();
    const now = templateFingerprint(stable.spec.template);
    const wanted = promotedTemplate(canaryTemplate);
    if (now === templateFingerprint(wanted)) return 'already';
    if (now !== expectStableTemplate) {
      throw new ConflictError(
        `Deployment ${this.ref.namespace}/${this.ref.name} changed outside the canary; not promoting over it`,
      );
    }
    await this.objects.patch(
      this.deployment(this.ref.name),
      [
        {
          op: 'test',
          path: '/metadata/resourceVersion',
          value: stable.metadata.resourceVersion,
        },
        { op: 'replace', path: '/spec/template', value: wanted },
        {
          op: 'add',
          path: stable.metadata.annotations
            ? annotationPointer(CHANGE_CAUSE_ANNOTATION)
            : '/metadata/annotations',
          value: stable.metadata.annotations
            ? changeCause
            : { [CHANGE_CAUSE_ANNOTATION]: changeCause },
        },
      ],
      'json',
      { timeoutMs: TIMEOUT_MS },
    );
    return 'promoted';
  }

  /** Deletes the canary Deployment this canary made; gone already is done. */
  async deleteCanary(): Promise<void> {
    const canary = await this.readCanary();
    if (!canary) return;
    await this.objects.delete(
      { ...this.deployment(this.canaryName), uid: canary.metadata.uid },
      { timeoutMs: TIMEOUT_MS },
    );
  }
}
