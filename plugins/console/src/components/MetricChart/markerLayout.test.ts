import { ReleaseMarker } from '@paasport/plugin-console-common';
import { layoutMarkers, markerName } from './markerLayout';

const release = (revision: number, at: number): ReleaseMarker => ({
  revision,
  at,
  images: [],
});
// A 600 px plot over 1000 s: 0.6 px per second.
const plot = { start: 0, end: 1000, width: 600 };

describe('layoutMarkers', () => {
  it('puts revisions made in the same second under one label', () => {
    const groups = layoutMarkers(
      [release(3, 500), release(1, 500), release(2, 500)],
      plot,
    );
    expect(groups.map(g => g.label)).toEqual(['r1–r3']);
    expect(groups[0].markers.map(m => m.revision)).toEqual([1, 2, 3]);
  });

  it('gives markers far enough apart a label each, just right of the line', () => {
    const groups = layoutMarkers(
      [release(1, 100), release(2, 400), release(3, 700)],
      plot,
    );
    expect(groups.map(g => [g.label, g.left])).toEqual([
      ['r1', 63],
      ['r2', 243],
      ['r3', 423],
    ]);
  });

  it('groups a marker whose label would touch the previous one', () => {
    // r1's label spans 63..77 px; r2's would start at 75 px (x = 72).
    const groups = layoutMarkers(
      [release(1, 100), release(2, 120), release(3, 500)],
      plot,
    );
    expect(groups.map(g => g.label)).toEqual(['r1–r2', 'r3']);
  });

  it('keeps labels inside the plot at its right edge, grouping what then touches', () => {
    const alone = layoutMarkers([release(12, 1000)], plot);
    expect(alone[0].left + alone[0].width).toBeLessThanOrEqual(600);
    // r9 fits at 587 px only until r10's label, pushed left, reaches it.
    const edge = layoutMarkers([release(9, 975), release(10, 1000)], plot);
    expect(edge.map(g => g.label)).toEqual(['r9–r10']);
    expect(edge[0].left + edge[0].width).toBeLessThanOrEqual(600);
  });

  it('names rollbacks by the revision they restored', () => {
    const rollback: ReleaseMarker = {
      kind: 'rollback',
      revision: 5,
      toRevision: 3,
      at: 900,
      images: [],
    };
    expect(markerName(rollback)).toBe('↩r3');
    expect(
      layoutMarkers([release(4, 880), rollback], plot).map(g => g.label),
    ).toEqual(['r4–↩r3']);
  });

  it('never lets two labels overlap, whatever the markers', () => {
    // A fixed pseudo-random sequence: reproducible, yet many shapes.
    let seed = 42;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let run = 0; run < 200; run++) {
      const count = 1 + Math.floor(random() * 30);
      const markers = Array.from({ length: count }, (_, i) =>
        release(i + 1, Math.floor(random() * 1000)),
      );
      const width = 100 + Math.floor(random() * 900);
      const groups = layoutMarkers(markers, { ...plot, width });
      expect(groups.flatMap(g => g.markers)).toHaveLength(count);
      for (let i = 1; i < groups.length; i++) {
        const before = groups[i - 1];
        expect(groups[i].left).toBeGreaterThanOrEqual(
          before.left + before.width + 6,
        );
      }
      for (const g of groups) {
        expect(g.left).toBeGreaterThanOrEqual(0);
      }
    }
  });
});
