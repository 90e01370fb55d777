export { StartCanaryDialog } from './StartCanaryDialog';
