export { CanaryHistory } from './CanaryHistory';
