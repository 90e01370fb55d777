export { RequestWizardPage } from './RequestWizardPage';
