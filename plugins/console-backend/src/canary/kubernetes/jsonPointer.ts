/**
 * The JSON pointer (RFC 6901) of an annotation, for a JSON patch: `/` and
 * `~` in its key are escaped, as in `paasport.io/canary-id`.
 *
 * @internal
 */
export function annotationPointer(key: string): string {
  return `/metadata/annotations/${key
    .replace(/~/g, '~0')
    .replace(/\//g, '~1')}`;
}
