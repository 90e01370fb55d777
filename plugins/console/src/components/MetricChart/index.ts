export { MetricChart } from './MetricChart';
export type { MetricBand, MetricChartProps } from './MetricChart';
