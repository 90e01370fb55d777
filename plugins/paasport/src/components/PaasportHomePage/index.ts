export { PaasportHomePage } from './PaasportHomePage';
