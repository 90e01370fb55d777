import { ReleaseMarker } from '@paasport/plugin-console-common';

/**
 * Markers whose labels would touch, shown under one label (`r1–r3`).
 *
 * @internal
 */
export interface MarkerGroup {
  markers: ReleaseMarker[];
  label: string;
  /** Where the label starts, in pixels from the left of the plot. */
  left: number;
  /** Estimated label width in pixels. */
  width: number;
}

/** How labels are measured and spaced. */
export interface MarkerLayoutOptions {
  /** The plot's time span, Unix seconds. */
  start: number;
  end: number;
  /** The plot's width in pixels. */
  width: number;
  /** Average pixels per character of a label (12 px text). */
  charWidth?: number;
  /** Pixels between a marker's line and its label. */
  pad?: number;
  /** Least pixels between two labels. */
  gap?: number;
}

/** `r5` for a release, `↩r3` for a rollback to revision 3. */
export function markerName(marker: ReleaseMarker): string {
  return marker.kind === 'rollback'
    ? `↩r${marker.toRevision ?? marker.revision}`
    : `r${marker.revision}`;
}

function groupLabel(markers: ReleaseMarker[]): string {
  const first = markerName(markers[0]);
  if (markers.length === 1) return first;
  return `${first}–${markerName(markers[markers.length - 1])}`;
}

/**
 * Lays release markers' labels out along a chart's time axis so that none
 * overlaps another: each label starts just right of its marker's line
 * (shifted left to stay inside the plot), and a marker whose label would
 * start before the previous label ends (plus `gap`) joins that label, which
 * then names the first and last of its markers (`r1–r3`). Markers come out
 * in time order; the lines themselves are drawn for every marker.
 *
 * @internal
 */
export function layoutMarkers(
  markers: ReleaseMarker[],
  options: MarkerLayoutOptions,
): MarkerGroup[] {
  const { start, end, width, charWidth = 7, pad = 3, gap = 6 } = options;
  const span = Math.max(1, end - start);
  const x = (m: ReleaseMarker) => ((m.at - start) / span) * width;
  const place = (members: ReleaseMarker[]): MarkerGroup => {
    const label = groupLabel(members);
    const labelWidth = label.length * charWidth;
    const left = Math.max(0, Math.min(x(members[0]) + pad, width - labelWidth));
    return { markers: members, label, left, width: labelWidth };
  };
  const groups: MarkerGroup[] = [];
  for (const marker of [...markers].sort(
    (a, b) => a.at - b.at || a.revision - b.revision,
  )) {
    const last = groups[groups.length - 1];
    if (last && x(marker) + pad < last.left + last.width + gap) {
      groups[groups.length - 1] = place([...last.markers, marker]);
    } else {
      groups.push(place([marker]));
    }
    // A label pushed left at the plot's right edge can reach back over the
    // one before it: those join too.
    while (groups.length > 1) {
      const [before, after] = groups.slice(-2);
      if (after.left >= before.left + before.width + gap) break;
      groups.splice(-2, 2, place([...before.markers, ...after.markers]));
    }
  }
  return groups;
}
