export { RequestWizard } from './RequestWizard';
export type { RequestWizardProps } from './RequestWizard';
