import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Node } from '../../api/types';
import { FakeClient } from '../../client';
import { FakeClock, sequentialIds } from '../../util';
import { NodeManager } from './node-manager';
import type { NodeFacts, RuntimeHealth } from './node-status';

const facts: NodeFacts = {
  nodeName: 'node-1',
  nodeIp: '10.240.0.2',
  capacity: { cpu: '2', memory: '4Gi', pods: '110' },
  kubeletPort: 10250,
  containerRuntimeVersion: 'fake://0.1.0',
  osImage: 'Debian GNU/Linux 12',
  kernelVersion: '6.1.0',
  architecture: 'amd64',
};

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

function harness() {
  const clock = new FakeClock();
  const client = new FakeClient({ clock, ids: sequentialIds() });
  let health: RuntimeHealth = { healthy: true };
  let asked = 0;
  const manager = new NodeManager({
    client,
    facts,
    clock,
    log: pino({ level: 'silent' }),
    intervalMs: 10_000,
    health: async () => {
      asked++;
      return health;
    },
  });
  const ready = async () => {
    const node = await client.get<Node>('nodes', undefined, 'node-1');
    return node.status?.conditions?.find((c) => c.type === 'Ready')?.status;
  };
  const step = async (ms: number) => {
    clock.step(ms);
    await settle();
  };
  return {
    manager,
    ready,
    step,
    setHealth: (h: RuntimeHealth) => (health = h),
    asked: () => asked,
  };
}

describe('NodeManager heartbeats', () => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  it('posts Ready again within a second of the runtime coming back, not at the next 10 s heartbeat', async () => {
    const h = harness();
    stop = () => h.manager.stop();
    h.manager.start();
    await h.step(0);
    expect(await h.ready()).toBe('True');

    h.setHealth({ healthy: false, message: 'connect ENOENT' });
    await h.step(10_000);
    expect(await h.ready()).toBe('False');

    await h.step(2_000);
    expect(await h.ready()).toBe('False'); // still down: no early Ready
    h.setHealth({ healthy: true });
    await h.step(1_000);
    expect(await h.ready()).toBe('True');
  });

  it('asks the runtime only at the heartbeat interval while the node is Ready', async () => {
    const h = harness();
    stop = () => h.manager.stop();
    h.manager.start();
    await h.step(0);
    const before = h.asked();
    await h.step(9_999);
    expect(h.asked()).toBe(before);
    await h.step(1);
    expect(h.asked()).toBe(before + 1);
  });

  it('keeps heartbeating NotReady every interval while the runtime stays down', async () => {
    const h = harness();
    stop = () => h.manager.stop();
    h.setHealth({ healthy: false, message: 'connect ENOENT' });
    h.manager.start();
    await h.step(0);
    expect(await h.ready()).toBe('False');
    for (let i = 0; i < 25; i++) await h.step(1_000);
    expect(await h.ready()).toBe('False');
    // one look a second (and the two heartbeats at 10 s and 20 s): the manager is alive and asking
    expect(h.asked()).toBeGreaterThanOrEqual(20);
  });
});
