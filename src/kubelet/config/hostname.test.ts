import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultNodeName } from './hostname';

describe('defaultNodeName', () => {
  it('prefers --hostname-override, trimmed and lowercased', () => {
    expect(defaultNodeName({ override: ' Node-7.Example.COM ', fqdn: () => 'other' })).toBe(
      'node-7.example.com',
    );
  });

  it('uses `hostname -f` otherwise', () => {
    expect(defaultNodeName({ fqdn: () => 'Worker-1.Cluster.Local\n' })).toBe('worker-1.cluster.local');
  });

  it('falls back to the kernel hostname when `hostname -f` fails or says nothing', () => {
    const fallback = os.hostname().toLowerCase();
    expect(
      defaultNodeName({
        fqdn: () => {
          throw new Error('hostname: Name or service not known');
        },
      }),
    ).toBe(fallback);
    expect(defaultNodeName({ override: '  ', fqdn: () => '' })).toBe(fallback);
  });

  it('runs the real `hostname -f` on this machine', () => {
    expect(defaultNodeName()).toMatch(/^[a-z0-9.-]+$/);
  });
});
