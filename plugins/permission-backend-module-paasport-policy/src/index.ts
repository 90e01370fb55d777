/**
 * Paasport's permission policy for the Backstage permission framework.
 *
 * @packageDocumentation
 */
export { permissionModulePaasportPolicy as default } from './module';
export * from './extensionPoint';
export { PaasportPermissionPolicy } from './PaasportPermissionPolicy';
export type { PaasportPermissionPolicyOptions } from './PaasportPermissionPolicy';
