import { mergeByTime } from './logOrder';

const entry = (key: string, id: number) => ({ key, id });

describe('mergeByTime', () => {
  it('appends a batch newer than everything shown', () => {
    const lines = [entry('a', 0), entry('b', 1)];
    expect(mergeByTime(lines, [entry('c', 3), entry('b', 2)])).toEqual([
      entry('a', 0),
      entry('b', 1),
      entry('b', 2),
      entry('c', 3),
    ]);
  });

  it('places lines that arrive late by their time, equal times by arrival', () => {
    const lines = [entry('2', 0), entry('4', 1), entry('6', 2)];
    const merged = mergeByTime(lines, [
      entry('5', 3),
      entry('1', 4),
      entry('4', 5),
    ]);
    expect(merged.map(e => `${e.key}/${e.id}`)).toEqual([
      '1/4',
      '2/0',
      '4/1',
      '4/5',
      '5/3',
      '6/2',
    ]);
    expect(mergeByTime(lines, [])).toBe(lines);
  });
});
