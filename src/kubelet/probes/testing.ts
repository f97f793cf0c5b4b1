// Test helpers for code driven by a FakeClock whose timers start promises (probe runs): step time in small
// slices and let promise callbacks run between them, so a run that finishes schedules the next one on time.
import net from 'node:net';
import type { FakeClock } from '../../util';
import type { ProbeOutcome } from './probe-types';

/** Lets every pending promise callback and I/O callback run. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Advances clock by ms in slices of sliceMs, flushing promises after each. */
export async function advance(clock: FakeClock, ms: number, sliceMs = 100): Promise<void> {
  await flush();
  for (let done = 0; done < ms; done += sliceMs) {
    clock.step(Math.min(sliceMs, ms - done));
    await flush();
  }
}

/** A scripted probe: answers with the given results in order, then keeps repeating the last one. */
export function scripted(...results: ProbeOutcome['result'][]) {
  const times: number[] = [];
  let next = 0;
  return {
    times,
    run(clock: { now(): number }): Promise<ProbeOutcome> {
      times.push(clock.now());
      const result = results[Math.min(next++, results.length - 1)]!;
      return Promise.resolve({
        result,
        message: result === 'failure' ? 'HTTP probe failed with statuscode: 500' : '',
      });
    },
  };
}

/** A loopback port nothing listens on: bind one, then let it go. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
