export { CanaryOutcomeChip } from './CanaryOutcomeChip';
