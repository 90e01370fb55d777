export { CanaryPanel } from './CanaryPanel';
