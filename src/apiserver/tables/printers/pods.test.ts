import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { podPrinter } from './pods';

const now = Date.parse('2026-01-01T01:00:00Z');
const created = '2026-01-01T00:00:00Z';

function pod(status: Pod['status'], extra: Partial<Pod> = {}): Pod {
  return {
    metadata: { name: 'p', creationTimestamp: created, ...extra.metadata },
    spec: { containers: [{ name: 'a' }, { name: 'b' }], ...extra.spec },
    status,
  };
}
const running = (name: string, restartCount = 0) => ({
  name,
  image: 'x',
  imageID: '',
  ready: true,
  restartCount,
  state: { running: { startedAt: created } },
});

/** NAME READY STATUS RESTARTS AGE */
const main = (p: Pod) => podPrinter.cells(p, now).slice(0, 5);

describe('pod columns', () => {
  it('a running pod', () => {
    const p = pod({ phase: 'Running', containerStatuses: [running('a'), running('b', 2)] });
    expect(main(p)).toEqual(['p', '2/2', 'Running', '2', '60m']);
  });

  it('a crash-looping container shows its waiting reason and the age of the last restart', () => {
    const p = pod({
      phase: 'Running',
      containerStatuses: [
        running('a'),
        {
          name: 'b',
          image: 'x',
          imageID: '',
          ready: false,
          restartCount: 5,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { exitCode: 1, finishedAt: '2026-01-01T00:55:00Z' } },
        },
      ],
    });
    expect(main(p)).toEqual(['p', '1/2', 'CrashLoopBackOff', '5 (5m ago)', '60m']);
  });

  it('an image that cannot be pulled', () => {
    const p = pod({
      phase: 'Pending',
      containerStatuses: [
        {
          name: 'a',
          image: 'x',
          imageID: '',
          ready: false,
          restartCount: 0,
          state: { waiting: { reason: 'ErrImagePull' } },
        },
      ],
    });
    expect(main(p)[2]).toBe('ErrImagePull');
  });

  it('a finished pod is Completed, and a terminated container without reason shows its exit code', () => {
    const done = pod({
      phase: 'Succeeded',
      containerStatuses: [
        {
          name: 'a',
          image: 'x',
          imageID: '',
          ready: false,
          restartCount: 0,
          state: { terminated: { exitCode: 0, reason: 'Completed' } },
        },
      ],
    });
    expect(main(done)[2]).toBe('Completed');
    expect(podPrinter.conditions!(done)).toEqual([
      {
        type: 'Completed',
        status: 'True',
        reason: 'Succeeded',
        message: 'The pod has completed successfully.',
      },
    ]);
    const died = pod({
      phase: 'Failed',
      containerStatuses: [
        {
          name: 'a',
          image: 'x',
          imageID: '',
          ready: false,
          restartCount: 0,
          state: { terminated: { exitCode: 3 } },
        },
      ],
    });
    expect(main(died)[2]).toBe('ExitCode:3');
  });

  it('a pod being deleted is Terminating', () => {
    const p = pod({ phase: 'Running' }, { metadata: { deletionTimestamp: '2026-01-01T00:59:00Z' } });
    expect(main(p)[2]).toBe('Terminating');
  });

  it('a pod waiting for init containers shows Init:i/n', () => {
    const p = pod(
      {
        phase: 'Pending',
        initContainerStatuses: [
          {
            name: 'i',
            image: 'x',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { running: { startedAt: created } },
          },
        ],
      },
      { spec: { containers: [{ name: 'a' }], initContainers: [{ name: 'i' }] } },
    );
    expect(main(p)[2]).toBe('Init:0/1');
  });

  it('an unscheduled pod without status is Pending with wide cells <none>', () => {
    const p = pod({ phase: 'Pending' });
    expect(podPrinter.cells(p, now)).toEqual([
      'p',
      '0/2',
      'Pending',
      '0',
      '60m',
      '<none>',
      '<none>',
      '<none>',
      '<none>',
    ]);
  });

  it('wide cells show the pod IP, node and readiness gates', () => {
    const p = pod(
      { phase: 'Running', podIP: '10.244.0.5', conditions: [{ type: 'example.com/gate', status: 'True' }] },
      {
        spec: {
          containers: [{ name: 'a' }],
          nodeName: 'node-1',
          readinessGates: [{ conditionType: 'example.com/gate' }],
        },
      },
    );
    expect(podPrinter.cells(p, now).slice(5)).toEqual(['10.244.0.5', 'node-1', '<none>', '1/1']);
  });
});
