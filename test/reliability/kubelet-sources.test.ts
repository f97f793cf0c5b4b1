// Short form of the kubelet sources campaign (issue 10): a few seconds of malformed manifests from the file,
// URL, etcd and HTTP sources of a fake-runtime kubelet process, with one good pod from each running.
import { describe, expect, it } from 'vitest';
import { printCampaigns } from './campaign';
import { KNOWN_KUBELET_BUGS } from './known-bugs';
import { runKubeletSourcesCampaign } from './kubelet-sources';

describe('kubelet sources fed malformed manifests', () => {
  it(
    'reports every source’s errors, answers bad POSTs with 4xx and keeps the good pods running',
    { timeout: 120_000 },
    async () => {
      const r = await runKubeletSourcesCampaign({
        garbageMs: 4000,
        randomCases: 20,
        known: KNOWN_KUBELET_BUGS,
      });
      printCampaigns([r]);
      expect(r.notes.filter((n) => n.startsWith('BUG'))).toEqual([]);
      // Only the known 500s (known-bugs.ts) may count as crashes; a dead kubelet never.
      expect(r.crashes).toBe(r.notes.filter((n) => n.startsWith('KNOWN')).length);
    },
  );
});
