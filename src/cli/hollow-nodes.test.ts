import { describe, expect, it } from 'vitest';
import { hollowNodesOptions, type HollowNodesFlags } from './hollow-nodes';

const flags = (over: Partial<HollowNodesFlags> = {}): HollowNodesFlags => ({
  count: '100',
  podStartupMs: '0',
  namePrefix: 'hollow-node-',
  nodeStatusUpdateFrequency: '10s',
  ...over,
});

describe('k8ts hollow-nodes flags', () => {
  it('turn into pool options', () => {
    expect(hollowNodesOptions(flags({ podStartupMs: '250', nodeStatusUpdateFrequency: '1m' }))).toEqual({
      count: 100,
      podStartupMs: 250,
      namePrefix: 'hollow-node-',
      statusIntervalMs: 60_000,
    });
  });

  it.each([
    [{ count: '0' }, 'invalid --count "0": want an integer ≥ 1'],
    [{ count: '1.5' }, 'invalid --count "1.5": want an integer ≥ 1'],
    [{ podStartupMs: '-1' }, 'invalid --pod-startup-ms "-1": want an integer ≥ 0'],
    [{ namePrefix: 'Hollow_' }, 'invalid --name-prefix "Hollow_"'],
    [{ nodeStatusUpdateFrequency: '10' }, 'invalid --node-status-update-frequency "10"'],
  ])('refuse %j', (over, message) => {
    expect(() => hollowNodesOptions(flags(over))).toThrow(message);
  });
});
