// Stable per pod, so lines of one pod are easy to follow in a merged view.
// No reds or ambers: those mean error and warning.
const POD_COLOURS = [
  '#1f77b4',
  '#2ca02c',
  '#9467bd',
  '#0f7c8c',
  '#8c564b',
  '#c2439e',
  '#637939',
  '#3949ab',
];

/** The colour a pod's name is shown in. @internal */
export function podColour(pod: string): string {
  let hash = 0;
  for (const char of pod) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return POD_COLOURS[hash % POD_COLOURS.length];
}
