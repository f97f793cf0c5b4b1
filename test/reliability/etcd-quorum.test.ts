// Short form of the etcd quorum campaign (issue 10): 32 clients, the leader of 3 members SIGKILLed under
// load, then a second member (no quorum: creates must get a 5xx within the server's 10 s etcd deadline), then
// both back.
import { describe, expect, it } from 'vitest';
import { printCampaigns } from './campaign';
import { runQuorumCampaign } from './etcd-quorum';

describe('apiserver on a 3-member etcd losing members under create load', () => {
  it(
    'serves through one loss, fails writes cleanly without quorum, and loses nothing',
    { timeout: 150_000 },
    async () => {
      const r = await runQuorumCampaign({
        clients: 32,
        loadMs: 4000,
        killAfterMs: 1500,
        noQuorumMs: 3000,
        // Longer than the apiserver's 10 s etcd call deadline: each create without quorum must be answered.
        clientTimeoutMs: 15_000,
        serverDeadlineMs: 10_000,
      });
      printCampaigns([r]);
      expect(r.notes.filter((n) => n.startsWith('BUG'))).toEqual([]);
      expect(r.acknowledgedWrites).toBeGreaterThan(100);
      expect({ lost: r.writesLost, duplicates: r.duplicates, crashes: r.crashes }).toEqual({
        lost: 0,
        duplicates: 0,
        crashes: 0,
      });
    },
  );
});
