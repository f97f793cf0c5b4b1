// The real tcpSocket probe: open a TCP connection and close it at once. The caller owns the deadline and aborts
// the signal when it passes, which destroys the socket (no timers here; see runProbe).
import net from 'node:net';
import { dialMessage } from './dial-error';

/** Resolves once connected; rejects with a Go-worded Error (`dial tcp …: connect: connection refused`). */
export function tcpConnect(host: string, port: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const onAbort = () => {
      socket.destroy();
      reject(new Error(`dial tcp ${host}:${port}: operation was canceled`));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve();
    });
    socket.once('error', (err) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(new Error(dialMessage(host, port, err)));
    });
  });
}
