export { ServiceNameField } from './ServiceNameField';
