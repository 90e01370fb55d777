export { SecretName } from './SecretName';
