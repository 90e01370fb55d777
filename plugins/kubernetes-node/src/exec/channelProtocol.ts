/**
 * The Kubernetes remote-command WebSocket protocol, as far as exec needs it
 * (k8s.io/apimachinery `pkg/util/remotecommand/constants.go` and
 * k8s.io/streaming `pkg/httpstream/wsstream`): every binary message starts
 * with one byte naming its channel; v5 adds a CLOSE signal.
 */

/**
 * The subprotocols offered, best first. API servers from 1.30 on
 * (TranslateStreamCloseWebsocketRequests) answer v5 themselves; an older one
 * hands the WebSocket to the kubelet, whose server speaks up to v4. Older
 * versions are not offered: v4 is the first with exit codes.
 */
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

/** The protocol that can half-close a channel (stdin's EOF). */
export const CLOSE_SIGNAL_PROTOCOL = 'v5.channel.k8s.io';

/** Channel numbers; stdin, stdout and stderr match their file descriptors. */
export const Channel = {
  stdin: 0,
  stdout: 1,
  stderr: 2,
  /** The status of the command as a JSON `Status`, written once at the end. */
  status: 3,
  /** Terminal sizes as JSON `{"Width":…,"Height":…}`. */
  resize: 4,
} as const;

/** v5: a message `[255, channel]` closes that channel (stdin EOF). */
const CLOSE_SIGNAL = 255;

/** One message of the protocol: a channel and its bytes. */
export interface ChannelFrame {
  channel: number;
  data: Buffer;
}

/** A message carrying `data` on `channel`. */
export function encodeFrame(channel: number, data: Buffer | string): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return Buffer.concat([Buffer.from([channel]), bytes]);
}

/** The v5 CLOSE signal for `channel`. */
export function encodeClose(channel: number): Buffer {
  return Buffer.from([CLOSE_SIGNAL, channel]);
}

/** A resize message; the sizes are what a terminal has, in characters. */
export function encodeResize(cols: number, rows: number): Buffer {
  for (const [name, value] of [
    ['cols', cols],
    ['rows', rows],
  ] as const) {
    // The server decodes them as uint16; anything else would end its
    // resize loop for the rest of the session.
    if (!Number.isInteger(value) || value < 1 || value > 65535) {
      throw new RangeError(`Terminal ${name} must be 1..65535, got ${value}`);
    }
  }
  return encodeFrame(
    Channel.resize,
    JSON.stringify({ Width: cols, Height: rows }),
  );
}

/**
 * Splits a received message into its channel and bytes; undefined for an
 * empty message (the protocol has none, so it is ignored like a no-op).
 */
export function decodeFrame(message: Buffer): ChannelFrame | undefined {
  if (message.length === 0) return undefined;
  return { channel: message[0], data: message.subarray(1) };
}
