export { TeamField } from './TeamField';
