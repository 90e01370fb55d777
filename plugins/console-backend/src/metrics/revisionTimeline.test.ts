import {
  measurementWindow,
  previousSpan,
  revisionSpans,
} from './revisionTimeline';

const H = 3600;

describe('revisionSpans', () => {
  it('makes each revision current from its creation until the next one', () => {
    const spans = revisionSpans([
      { revision: 2, createdAt: 10 * H, podTemplateHash: 'b' },
      { revision: 1, createdAt: 0, podTemplateHash: 'a' },
      { revision: 3, createdAt: 30 * H, podTemplateHash: 'c' },
    ]);
    expect(spans).toEqual([
      {
        revision: 1,
        createdAt: 0,
        podTemplateHash: 'a',
        since: 0,
        until: 10 * H,
      },
      {
        revision: 2,
        createdAt: 10 * H,
        podTemplateHash: 'b',
        since: 10 * H,
        until: 30 * H,
      },
      { revision: 3, createdAt: 30 * H, podTemplateHash: 'c', since: 30 * H },
    ]);
  });

  it('starts a restored revision no earlier than the revisions before it', () => {
    // 1.0.0 (r1), 1.1.0 (r2), then `rollout undo` restored r1's ReplicaSet
    // as r3: it keeps its creation time, but was current only after r2.
    const spans = revisionSpans([
      { revision: 3, createdAt: 0 },
      { revision: 2, createdAt: 5 * H },
    ]);
    expect(
      spans.map(({ revision, since, until }) => [revision, since, until]),
    ).toEqual([
      [2, 5 * H, 5 * H],
      [3, 5 * H, undefined],
    ]);
  });

  it('takes the exact moment of a rollback the console made', () => {
    const spans = revisionSpans(
      [
        { revision: 2, createdAt: 5 * H },
        { revision: 3, createdAt: 0 },
      ],
      [{ revision: 3, at: 8 * H }],
    );
    expect(
      spans.map(({ revision, since, until }) => [revision, since, until]),
    ).toEqual([
      [2, 5 * H, 8 * H],
      [3, 8 * H, undefined],
    ]);
  });

  it('finds the revision before another one in the order they ran', () => {
    const spans = revisionSpans([
      { revision: 1, createdAt: 0 },
      { revision: 4, createdAt: 9 * H },
      { revision: 2, createdAt: 3 * H },
    ]);
    expect(previousSpan(spans, 4)?.revision).toBe(2);
    expect(previousSpan(spans, 2)?.revision).toBe(1);
    expect(previousSpan(spans, 1)).toBeUndefined();
  });
});

describe('measurementWindow', () => {
  const now = 100 * H;

  it('measures a running revision from when it became current until now', () => {
    expect(measurementWindow({ since: 90 * H }, now)).toEqual({
      start: 90 * H,
      end: now,
    });
  });

  it('measures only the last day of a long-lived revision', () => {
    expect(measurementWindow({ since: 0, until: 80 * H }, now)).toEqual({
      start: 56 * H,
      end: 80 * H,
    });
    expect(measurementWindow({ since: 0 }, now, 2 * H)).toEqual({
      start: 98 * H,
      end: now,
    });
  });

  it('never reaches into the future or before the span', () => {
    expect(measurementWindow({ since: 99 * H, until: 120 * H }, now)).toEqual({
      start: 99 * H,
      end: now,
    });
    expect(measurementWindow({ since: 101 * H }, now)).toEqual({
      start: now,
      end: now,
    });
  });
});
