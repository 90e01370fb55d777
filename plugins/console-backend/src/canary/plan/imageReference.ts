// The grammar of an image reference as container runtimes parse it
// (the distribution project's `reference` grammar):
//
//   reference := name [ ":" tag ] [ "@" digest ]
//   name      := [ domain "/" ] path-component [ "/" path-component ]*
//   domain    := host [ ":" port ]
//
// Written out piece by piece so each rule can be read against the grammar.
const alphaNumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|-+)';
const pathComponent = `${alphaNumeric}(?:${separator}${alphaNumeric})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const host = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])`;
const domain = `${host}(?::[0-9]+)?`;
const name = `(?:${domain}/)?${pathComponent}(?:/${pathComponent})*`;
const tag = '[\\w][\\w.-]{0,127}';
const digest =
  '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';

const reference = new RegExp(
  `^(?<name>${name})(?::(?<tag>${tag}))?(?:@(?<digest>${digest}))?$`,
);

/** Registries refuse longer repository names. */
const MAX_NAME_LENGTH = 255;

/**
 * Why an image reference cannot be a canary's image, or `undefined` when it
 * can.
 *
 * A canary's image needs a tag or a digest: without one the runtime pulls
 * `:latest`, which names whatever was pushed last, so the canary and a later
 * promotion could run different code under the same reference.
 *
 * @internal
 */
export function imageReferenceProblem(image: string): string | undefined {
  const match = reference.exec(image);
  if (!match?.groups) {
    return `"${image}" is not an image reference (expected e.g. registry.example.com/team/app:1.4.2)`;
  }
  const groups = match.groups;
  if (groups.name.length > MAX_NAME_LENGTH) {
    return `the repository name of "${image}" is longer than ${MAX_NAME_LENGTH} characters`;
  }
  if (!groups.tag && !groups.digest) {
    return `"${image}" has neither a tag nor a digest; without one it means :latest, so name the version (e.g. ${image}:1.4.2 or ${image}@sha256:…)`;
  }
  if (groups.digest?.startsWith('sha256:') && groups.digest.length !== 71) {
    return `the sha256 digest of "${image}" must have 64 hex digits`;
  }
  return undefined;
}
