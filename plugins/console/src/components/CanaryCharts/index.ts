export { CanaryCharts } from './CanaryCharts';
