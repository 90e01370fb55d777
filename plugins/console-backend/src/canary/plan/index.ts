// The pure logic of a canary release: what a person asks for, how replicas
// split and move, and the lifecycle. No cluster, database or HTTP here.

export { canarySpecSchema } from './canarySpec';
export type { CanarySpec, CanarySpecInput, CanaryStep } from './canarySpec';
export {
  effectiveWeight,
  nextScaling,
  replicasForWeight,
  scalingBoundsFor,
} from './replicaSplit';
export type {
  IntOrPercent,
  ReplicaSplit,
  ScalingBounds,
  ScalingMove,
  TrackReplicas,
} from './replicaSplit';
export { advanceCanary } from './canaryMachine';
export { isTerminal, startCanary } from './canaryState';
export type {
  CanaryAction,
  CanaryEvent,
  CanaryEventKind,
  CanaryInput,
  CanaryObservation,
  CanaryPause,
  CanaryPhase,
  CanaryState,
  CanaryTransition,
} from './canaryState';
