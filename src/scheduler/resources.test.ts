import { describe, expect, it } from 'vitest';
import type { Container } from '../api/types';
import { nodeAllocatable, podRequest } from './resources';
import { makeNode, makePod } from './test-fixtures';

const c = (requests?: Record<string, string>, limits?: Record<string, string>): Container => ({
  name: 'c',
  resources: { requests, limits },
});
const Mi = 1024 * 1024;

describe('podRequest', () => {
  it.each([
    ['no requests', [c()], [], { milliCpu: 0, memory: 0 }, { milliCpu: 100, memory: 200 * Mi }],
    [
      'millicores and Mi',
      [c({ cpu: '500m', memory: '128Mi' })],
      [],
      { milliCpu: 500, memory: 128 * Mi },
      null,
    ],
    ['decimal cpu, SI memory', [c({ cpu: '1.5', memory: '1G' })], [], { milliCpu: 1500, memory: 1e9 }, null],
    ['exponent memory', [c({ cpu: '1', memory: '1e9' })], [], { milliCpu: 1000, memory: 1e9 }, null],
    [
      'containers add up',
      [c({ cpu: '250m', memory: '64Mi' }), c({ cpu: '250m', memory: '64Mi' })],
      [],
      { milliCpu: 500, memory: 128 * Mi },
      null,
    ],
    [
      'an init container raises the total to its own request',
      [c({ cpu: '100m', memory: '1Gi' })],
      [c({ cpu: '2', memory: '64Mi' })],
      { milliCpu: 2000, memory: 1024 * Mi },
      null,
    ],
    [
      'a limit stands for a missing request',
      [c(undefined, { cpu: '300m' })],
      [],
      { milliCpu: 300, memory: 0 },
      { milliCpu: 300, memory: 200 * Mi },
    ],
    [
      'only the unrequested resource gets a scoring default',
      [c({ cpu: '300m' })],
      [],
      { milliCpu: 300, memory: 0 },
      { milliCpu: 300, memory: 200 * Mi },
    ],
    [
      'an explicit zero is not replaced by the default',
      [c({ cpu: '0', memory: '0' })],
      [],
      { milliCpu: 0, memory: 0 },
      { milliCpu: 0, memory: 0 },
    ],
  ])('%s', (_name, containers, initContainers, fit, nonZero) => {
    const pod = makePod('p', { containers, initContainers });
    expect(podRequest(pod)).toEqual(fit);
    expect(podRequest(pod, true)).toEqual(nonZero ?? fit);
  });

  it('adds spec.overhead', () => {
    const pod = makePod('p', { cpu: '100m', memory: '10Mi' });
    pod.spec!.overhead = { cpu: '50m', memory: '5Mi' };
    expect(podRequest(pod)).toEqual({ milliCpu: 150, memory: 15 * Mi });
  });
});

describe('nodeAllocatable', () => {
  it('reads allocatable', () => {
    expect(nodeAllocatable(makeNode('n', { cpu: '3500m', memory: '2Gi', pods: '10' }))).toEqual({
      milliCpu: 3500,
      memory: 2048 * Mi,
      pods: 10,
    });
  });

  it('falls back to capacity', () => {
    expect(nodeAllocatable(makeNode('n', { cpu: '2', memory: '1G', pods: '5', capacityOnly: true }))).toEqual(
      {
        milliCpu: 2000,
        memory: 1e9,
        pods: 5,
      },
    );
  });

  it('treats resources in neither as zero', () => {
    expect(nodeAllocatable({ metadata: { name: 'n' } })).toEqual({ milliCpu: 0, memory: 0, pods: 0 });
  });
});
