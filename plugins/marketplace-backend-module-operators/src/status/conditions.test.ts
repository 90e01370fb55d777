import { KubeObject } from '../kube/types';
import { isObserved, readConditions, statusNumber } from './conditions';

const object = (status: unknown, generation = 2): KubeObject => ({
  metadata: { name: 'x', generation },
  status,
});

describe('readConditions', () => {
  it('reads well-formed conditions', () => {
    expect(
      readConditions(
        object({
          conditions: [{ type: 'Ready', status: 'True', reason: 'Ok' }],
        }),
      ),
    ).toEqual({
      conditions: [{ type: 'Ready', status: 'True', reason: 'Ok' }],
    });
  });

  it('treats a missing status as no conditions, without a problem', () => {
    expect(readConditions(object(undefined))).toEqual({ conditions: [] });
    expect(readConditions(object({}))).toEqual({ conditions: [] });
    expect(readConditions(undefined)).toEqual({ conditions: [] });
  });

  it.each([
    ['a string status', 'broken', 'status is not an object'],
    ['a list status', [], 'status is not an object'],
    [
      'conditions as an object',
      { conditions: { Ready: 'True' } },
      'status.conditions is not a list',
    ],
    [
      'conditions as a number',
      { conditions: 7 },
      'status.conditions is not a list',
    ],
  ])('reports %s as a problem instead of throwing', (_, status, problem) => {
    expect(readConditions(object(status))).toEqual({ conditions: [], problem });
  });

  it('skips unreadable entries and keeps the readable ones', () => {
    const result = readConditions(
      object({
        conditions: [
          null,
          'Ready',
          { type: 'Ready' },
          {
            type: 'Ready',
            status: 'True',
            message: 42,
            observedGeneration: 'two',
          },
        ],
      }),
    );
    expect(result.conditions).toEqual([{ type: 'Ready', status: 'True' }]);
    expect(result.problem).toBe('3 unreadable entries in status.conditions');
  });
});

describe('isObserved', () => {
  it('needs status.observedGeneration to equal metadata.generation', () => {
    expect(isObserved(object({ observedGeneration: 2 }))).toBe(true);
    expect(isObserved(object({ observedGeneration: 1 }))).toBe(false);
    expect(isObserved(object({ observedGeneration: 3 }))).toBe(false);
    expect(isObserved(object({}))).toBe(false);
    expect(isObserved(object({ observedGeneration: '2' }))).toBe(false);
    expect(isObserved(object('garbage'))).toBe(false);
  });

  it('ignores non-finite numbers', () => {
    expect(statusNumber(object({ n: Number.NaN }), 'n')).toBeUndefined();
  });
});
