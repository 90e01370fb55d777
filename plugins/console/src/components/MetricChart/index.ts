export { MetricChart } from './MetricChart';
export type { MetricChartProps, ReleaseMarker } from './MetricChart';
