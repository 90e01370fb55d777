export { CanaryVerdicts } from './CanaryVerdicts';
