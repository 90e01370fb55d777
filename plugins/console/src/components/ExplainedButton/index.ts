export { ExplainedButton } from './ExplainedButton';
