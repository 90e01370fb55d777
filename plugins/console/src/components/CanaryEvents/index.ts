export { CanaryEvents } from './CanaryEvents';
