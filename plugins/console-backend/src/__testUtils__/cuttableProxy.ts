import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of `target` that a test can cut — every
 * open connection destroyed and new ones refused, as when an API server
 * stops — and restore on the same port. TLS passes through untouched.
 */
export async function cuttableProxy(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const listen = async (port: number) => {
    const server = net.createServer(client => {
      const upstream = net.connect(target.port, target.host);
      track(client);
      track(upstream);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return server;
  };
  let server: net.Server | undefined = await listen(0);
  const port = (server.address() as net.AddressInfo).port;

  const cut = async () => {
    const closing = server;
    server = undefined;
    const closed = closing
      ? new Promise(resolve => closing.close(resolve))
      : undefined;
    sockets.forEach(socket => socket.destroy());
    await closed;
  };
  return {
    port,
    /** Destroys every connection and refuses new ones. */
    cut,
    /** Accepts connections again, on the same port. */
    async restore() {
      server ??= await listen(port);
    },
    close: cut,
  };
}
