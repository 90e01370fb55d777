export { StartCanaryButton } from './StartCanaryButton';
