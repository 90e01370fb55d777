export { DecommissionReport } from './DecommissionReport';
export type { DecommissionReportProps } from './DecommissionReport';
