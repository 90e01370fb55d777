import { LineSplitter } from './LineSplitter';

describe('LineSplitter', () => {
  it('splits chunks into lines, across chunk and UTF-8 character boundaries', () => {
    const splitter = new LineSplitter(100);
    const bytes = Buffer.from('first\r\nsecönd\nthi', 'utf8');
    const at = bytes.indexOf(0xc3) + 1; // inside the two bytes of "ö"
    expect(splitter.push(bytes.subarray(0, at))).toEqual(['first']);
    expect(splitter.push(bytes.subarray(at))).toEqual(['secönd']);
    expect(splitter.push(Buffer.from('rd\r'))).toEqual([]);
    expect(splitter.push(Buffer.from('\n'))).toEqual(['third']);
    expect(splitter.end()).toEqual([]);
  });

  it('returns an unterminated last line at the end', () => {
    const splitter = new LineSplitter(100);
    expect(splitter.push(Buffer.from('a\nb'))).toEqual(['a']);
    expect(splitter.end()).toEqual(['b']);
  });

  it('keeps the start of an over-long line and says how much was cut', () => {
    const splitter = new LineSplitter(10);
    const lines = [
      ...splitter.push(Buffer.from('0123456')),
      ...splitter.push(Buffer.from('789abcdef')),
      ...splitter.push(Buffer.from('ghij\nshort\n')),
    ];
    expect(lines).toEqual(['0123456789 … [10 more characters cut]', 'short']);
    expect(splitter.end()).toEqual([]);
  });

  it('holds no more than the limit while a line never ends', () => {
    const splitter = new LineSplitter(1000);
    const chunk = Buffer.alloc(64 * 1024, 'x');
    for (let i = 0; i < 64; i++) {
      expect(splitter.push(chunk)).toEqual([]);
    }
    expect((splitter as any).head.length).toBe(1000);
    expect(splitter.end()).toEqual([
      `${'x'.repeat(1000)} … [${64 * 64 * 1024 - 1000} more characters cut]`,
    ]);
  });
});
