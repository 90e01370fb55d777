import { CanaryForm } from '../../canary/canaryForm';
import { CanaryFormErrors } from '../../canary/canaryFormChecks';

/** What each part of the Start canary form gets. @internal */
export interface FormPartProps {
  form: CanaryForm;
  /** Applies a change to the form. */
  update: (change: (form: CanaryForm) => CanaryForm) => void;
  /** Shown only after the first attempt to submit. */
  errors: CanaryFormErrors;
  disabled: boolean;
}

/** `list` with the item at `index` changed by `patch`. @internal */
export function patchAt<T>(list: T[], index: number, patch: Partial<T>): T[] {
  return list.map((item, i) => (i === index ? { ...item, ...patch } : item));
}

/** `list` without the item at `index`. @internal */
export function removeAt<T>(list: T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

/** Props that show a field's error, if it has one. @internal */
export function errorProps(
  errors: CanaryFormErrors,
  path: string,
  help?: string,
) {
  const error = errors[path];
  return { error: !!error, helperText: error ?? help };
}
