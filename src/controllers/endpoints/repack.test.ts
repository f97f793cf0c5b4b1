import { describe, expect, it } from 'vitest';
import type { EndpointSubset } from '../../api/types';
import { deepFreeze } from '../testing/freeze';
import { repackSubsets } from './repack';

const p = (port: number, name?: string) => ({ port, protocol: 'TCP', ...(name ? { name } : {}) });

describe('repackSubsets', () => {
  const cases: { name: string; in: EndpointSubset[]; out: EndpointSubset[] }[] = [
    { name: 'empty', in: [], out: [] },
    {
      name: 'same address listed twice for one port collapses',
      in: [
        { addresses: [{ ip: '1.1.1.1' }], ports: [p(80)] },
        { addresses: [{ ip: '1.1.1.1' }], ports: [p(80)] },
      ],
      out: [{ addresses: [{ ip: '1.1.1.1' }], ports: [p(80)] }],
    },
    {
      name: 'ready wins over not ready for the same address and port',
      in: [
        { notReadyAddresses: [{ ip: '1.1.1.1' }], ports: [p(80)] },
        { addresses: [{ ip: '1.1.1.1' }], ports: [p(80)] },
      ],
      out: [{ addresses: [{ ip: '1.1.1.1' }], ports: [p(80)] }],
    },
    {
      name: 'ports served by the same addresses merge into one subset',
      in: [
        { addresses: [{ ip: '1.1.1.1' }], ports: [p(443, 'https')] },
        { addresses: [{ ip: '1.1.1.1' }], ports: [p(80, 'http')] },
      ],
      out: [{ addresses: [{ ip: '1.1.1.1' }], ports: [p(80, 'http'), p(443, 'https')] }],
    },
    {
      name: 'same IP from two pods (different uids) stays two addresses',
      in: [
        { addresses: [{ ip: '1.1.1.1', targetRef: { uid: 'b' } }], ports: [p(80)] },
        { addresses: [{ ip: '1.1.1.1', targetRef: { uid: 'a' } }], ports: [p(80)] },
      ],
      out: [
        {
          addresses: [
            { ip: '1.1.1.1', targetRef: { uid: 'a' } },
            { ip: '1.1.1.1', targetRef: { uid: 'b' } },
          ],
          ports: [p(80)],
        },
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => expect(repackSubsets(deepFreeze(c.in))).toEqual(c.out));
  }

  it('is idempotent and independent of input order', () => {
    const input: EndpointSubset[] = [
      { addresses: [{ ip: '10.0.0.2' }], ports: [p(80)] },
      { notReadyAddresses: [{ ip: '10.0.0.1' }], ports: [p(81)] },
      { addresses: [{ ip: '10.0.0.3' }], ports: [p(80), p(81)] },
    ];
    const once = repackSubsets(input);
    expect(repackSubsets(once)).toEqual(once);
    expect(repackSubsets([...input].reverse())).toEqual(once);
  });
});
