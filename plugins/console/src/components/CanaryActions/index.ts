export { CanaryActions } from './CanaryActions';
