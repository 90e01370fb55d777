export { TemplateDiff } from './TemplateDiff';
