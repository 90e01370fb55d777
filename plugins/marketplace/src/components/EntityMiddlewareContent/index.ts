export { EntityMiddlewareContent } from './EntityMiddlewareContent';
export type { EntityMiddlewareContentProps } from './EntityMiddlewareContent';
