import type { Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { allocatedRequests, formatCpu, formatMemory, nodeCapacity, podRequests } from './allocated';

const pod = (cpu: string[], memory: string[], phase = 'Running', init?: [string, string]): Pod => ({
  metadata: { name: 'p' },
  spec: {
    containers: cpu.map((c, i) => ({
      name: `c${i}`,
      resources: { requests: { cpu: c, memory: memory[i]! } },
    })),
    initContainers: init && [{ name: 'i', resources: { requests: { cpu: init[0], memory: init[1] } } }],
  },
  status: { phase },
});

describe('allocated requests', () => {
  it('sums the containers of live pods and counts them', () => {
    const a = allocatedRequests([pod(['250m', '500m'], ['64Mi', '64Mi']), pod(['1'], ['1Gi'])]);
    expect(a).toEqual({ cpuMilli: 1750, memoryBytes: 128 * 2 ** 20 + 2 ** 30, pods: 2 });
  });
  it('leaves out Succeeded and Failed pods', () => {
    const a = allocatedRequests([pod(['1'], ['1Gi'], 'Succeeded'), pod(['1'], ['1Gi'], 'Failed')]);
    expect(a).toEqual({ cpuMilli: 0, memoryBytes: 0, pods: 0 });
  });
  it('takes the largest init container when it asks for more than the app containers', () => {
    expect(podRequests(pod(['100m'], ['10Mi'], 'Pending', ['2', '5Mi']))).toEqual({
      cpuMilli: 2000,
      memoryBytes: 10 * 2 ** 20,
      pods: 1,
    });
  });
  it('treats missing or unparsable requests as zero', () => {
    const p: Pod = { spec: { containers: [{ name: 'c', resources: { requests: { cpu: 'lots' } } }] } };
    expect(podRequests(p)).toEqual({ cpuMilli: 0, memoryBytes: 0, pods: 1 });
  });
});

describe('node capacity', () => {
  it('prefers allocatable over capacity', () => {
    const n: Node = {
      status: {
        capacity: { cpu: '4', memory: '8Gi', pods: '110' },
        allocatable: { cpu: '3500m', memory: '7Gi', pods: '100' },
      },
    };
    expect(nodeCapacity(n)).toEqual({ cpuMilli: 3500, memoryBytes: 7 * 2 ** 30, pods: 100 });
  });
  it('formats cpu and memory for people', () => {
    expect(formatCpu(2000)).toBe('2');
    expect(formatCpu(750)).toBe('750m');
    expect(formatMemory(7 * 2 ** 30)).toBe('7Gi');
    expect(formatMemory(1536 * 2 ** 20)).toBe('1.5Gi');
    expect(formatMemory(0)).toBe('0');
  });
});
