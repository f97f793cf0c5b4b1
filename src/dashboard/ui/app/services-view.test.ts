import { describe, expect, it } from 'vitest';
import { endpointAddresses } from './services-view';

describe('endpointAddresses', () => {
  it('lists ip:port for every address and port, ready ones first, not-ready ones flagged', () => {
    expect(
      endpointAddresses({
        subsets: [
          {
            addresses: [{ ip: '10.244.1.2' }],
            notReadyAddresses: [{ ip: '10.244.1.3' }],
            ports: [{ port: 80 }, { port: 443 }],
          },
        ],
      }),
    ).toEqual([
      { text: '10.244.1.2:80', ready: true },
      { text: '10.244.1.2:443', ready: true },
      { text: '10.244.1.3:80', ready: false },
      { text: '10.244.1.3:443', ready: false },
    ]);
  });
  it('shows bare addresses when the subset has no ports, and nothing without endpoints', () => {
    expect(endpointAddresses({ subsets: [{ addresses: [{ ip: '10.0.0.1' }] }] })).toEqual([
      { text: '10.0.0.1', ready: true },
    ]);
    expect(endpointAddresses(undefined)).toEqual([]);
  });
});
