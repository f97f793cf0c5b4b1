// rollingupdate's order of work, in milliseconds: a FakeClient stands in for the cluster and the injected
// sleep plays the replication controller (each poll starts a Running replacement, unless told not to).
import { describe, expect, it } from 'vitest';
import type { KubeObject, Pod } from '../../../api/types';
import { FakeClient } from '../../../client';
import type { OpsDeps } from './controller-ops';
import { rollingUpdate } from './rolling-update';

const POLL = 1;
const pod = (name: string): KubeObject =>
  ({
    metadata: { name, namespace: 'default', labels: { name: 'roll' } },
    spec: { containers: [{ name: 'c', image: 'v1' }] },
    status: { phase: 'Running' },
  }) as KubeObject;

function cluster(o: { replaces: boolean }) {
  const client = new FakeClient({
    objects: [
      [
        'replicationcontrollers',
        {
          metadata: { name: 'roll', namespace: 'default' },
          spec: {
            replicas: 2,
            selector: { name: 'roll' },
            template: { spec: { containers: [{ name: 'c', image: 'v1' }] } },
          },
        } as KubeObject,
      ],
      ['pods', pod('roll-a')],
      ['pods', pod('roll-b')],
    ],
  });
  let t = 0;
  let made = 0;
  const log: string[] = [];
  const deps: OpsDeps = {
    client,
    namespace: 'default',
    pollMs: POLL,
    timeoutMs: 50,
    now: () => t,
    log: (l) => log.push(l),
    sleep: async (ms) => {
      t += ms;
      if (ms !== POLL) return void log.push(`(slept ${ms})`);
      const live = (await client.list<Pod>('pods', 'default')).items;
      if (o.replaces && live.length < 2) await client.create('pods', 'default', pod(`roll-new${made++}`));
    },
  };
  return { client, deps, log };
}

describe('rollingUpdate', () => {
  it('deletes one pod, waits for its Running replacement, sleeps the period, then the next', async () => {
    const { client, deps, log } = cluster({ replaces: true });
    expect(await rollingUpdate(deps, 'roll', 5000, 'v2')).toBe(2);
    expect(log).toEqual([
      'Setting the image of roll to v2',
      'Updating pod roll-a (1/2)',
      'Pod roll-a replaced',
      '(slept 5000)',
      'Updating pod roll-b (2/2)',
      'Pod roll-b replaced',
      'Update of roll done: 2 pods replaced',
    ]);
    expect(client.writes().map((a) => `${a.verb} ${a.resource} ${a.name ?? ''}`.trim())).toEqual([
      'patch replicationcontrollers roll',
      'delete pods roll-a',
      'create pods',
      'delete pods roll-b',
      'create pods',
    ]);
  });

  it('gives up with the likely cause when nothing replaces the pod', async () => {
    const { deps } = cluster({ replaces: false });
    await expect(rollingUpdate(deps, 'roll', 0)).rejects.toThrow(
      'timed out waiting for a Running replacement for pod roll-a: is the controller-manager running?',
    );
  });
});
