import {
  Channel,
  decodeFrame,
  encodeClose,
  encodeFrame,
  encodeResize,
  EXEC_PROTOCOLS,
} from './channelProtocol';

describe('the remote-command channel protocol', () => {
  it('offers v5 first, then v4', () => {
    expect(EXEC_PROTOCOLS).toEqual(['v5.channel.k8s.io', 'v4.channel.k8s.io']);
  });

  it('prefixes data with its channel byte', () => {
    // wsstream's own example: "foo\n" on stdin.
    expect([...encodeFrame(Channel.stdin, 'foo\n')]).toEqual([
      0, 102, 111, 111, 10,
    ]);
    expect([...encodeFrame(Channel.stdin, Buffer.from([0xff, 0]))]).toEqual([
      0, 0xff, 0,
    ]);
    expect([...encodeFrame(Channel.stdin, 'é')]).toEqual([0, 0xc3, 0xa9]);
  });

  it('closes a channel with the v5 signal', () => {
    expect([...encodeClose(Channel.stdin)]).toEqual([255, 0]);
  });

  it('sends terminal sizes as the JSON the server decodes', () => {
    const frame = encodeResize(100, 30);
    expect(frame[0]).toBe(4);
    expect(JSON.parse(frame.subarray(1).toString())).toEqual({
      Width: 100,
      Height: 30,
    });
  });

  it('refuses sizes the server cannot take', () => {
    expect(() => encodeResize(0, 30)).toThrow('Terminal cols must be 1..65535');
    expect(() => encodeResize(80, 65536)).toThrow('rows');
    expect(() => encodeResize(80.5, 24)).toThrow(RangeError);
  });

  it('splits received messages into channel and bytes', () => {
    const frame = decodeFrame(Buffer.from([1, 104, 105, 10]));
    expect(frame?.channel).toBe(Channel.stdout);
    expect(frame?.data.toString()).toBe('hi\n');
    // The API server's "connected" message: a channel and nothing.
    expect(decodeFrame(Buffer.from([1]))?.data.length).toBe(0);
    expect(decodeFrame(Buffer.alloc(0))).toBeUndefined();
  });
});
