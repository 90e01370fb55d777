import {
  CanaryPhaseName,
  CanarySummary,
} from '@paasport/plugin-console-common';
import { SchemaZod } from './actionInput';

/**
 * A canary as the canary actions give it.
 *
 * @internal
 */
export interface CanaryOverview {
  id: string;
  /** The Component the workload belongs to. */
  component: string;
  cluster: string;
  namespace: string;
  /** The stable Deployment. */
  name: string;
  running: boolean;
  phase: CanaryPhaseName;
  /** Index into `stepWeights`. */
  stepIndex: number;
  stepWeights: number[];
  targetWeight: number;
  actualWeight: number | null;
  message: string;
  pause?: { kind: string; reason: string; until?: string; by?: string };
  /** New image per container. */
  images: Record<string, string>;
  outcome?: 'promoted' | 'aborted' | 'failed';
  startedBy: string;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
}

/**
 * A canary summary cut down field by field: no environment variable names,
 * annotation keys or allowed actions (these actions only read), and nothing
 * the summary gains later.
 *
 * @internal
 */
export function canaryOverview(canary: CanarySummary): CanaryOverview {
  return {
    id: canary.id,
    component: canary.entityRef,
    cluster: canary.cluster,
    namespace: canary.namespace,
    name: canary.name,
    running: !canary.finishedAt,
    phase: canary.phase,
    stepIndex: canary.stepIndex,
    stepWeights: canary.steps.map(step => step.weight),
    targetWeight: canary.targetWeight,
    actualWeight: canary.actualWeight,
    message: canary.message,
    ...(canary.pause && { pause: { ...canary.pause } }),
    images: { ...canary.images },
    ...(canary.outcome && { outcome: canary.outcome }),
    startedBy: canary.actor,
    createdAt: canary.createdAt,
    updatedAt: canary.updatedAt,
    ...(canary.finishedAt && { finishedAt: canary.finishedAt }),
  };
}

/**
 * The zod shape of {@link CanaryOverview}, for the actions registry.
 *
 * @internal
 */
export function canaryOverviewShape(z: SchemaZod) {
  return {
    id: z.string(),
    component: z.string().describe('The Component the workload belongs to'),
    cluster: z.string(),
    namespace: z.string(),
    name: z.string().describe('The stable Deployment'),
    running: z.boolean(),
    phase: z.enum([
      'scaling',
      'analysing',
      'paused',
      'promoting',
      'aborting',
      'succeeded',
      'aborted',
    ]),
    stepIndex: z.number().int().describe('Index into stepWeights'),
    stepWeights: z
      .array(z.number())
      .describe('Traffic weight of each step, in percent'),
    targetWeight: z.number().describe("The current step's weight, in percent"),
    actualWeight: z
      .number()
      .nullable()
      .describe(
        'Ready canary endpoints of all ready endpoints, in percent; null when unknown',
      ),
    message: z.string().describe('Where the canary is, as a sentence'),
    pause: z
      .object({
        kind: z.string(),
        reason: z.string(),
        until: z.string().optional(),
        by: z.string().optional(),
      })
      .optional(),
    images: z
      .record(z.string(), z.string())
      .describe('New image per container'),
    outcome: z.enum(['promoted', 'aborted', 'failed']).optional(),
    startedBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().optional(),
  };
}
