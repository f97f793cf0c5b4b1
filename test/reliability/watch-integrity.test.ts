// Short form of the watch campaign (issue 10): 20 watchers, 16 writers, one apiserver SIGKILL and restart.
import { describe, expect, it } from 'vitest';
import { printCampaigns } from './campaign';
import { runWatchCampaign } from './watch-integrity';

describe.each(['sqlite', 'etcd'] as const)('watch integrity across an apiserver restart (%s)', (store) => {
  it(
    'gives every watcher every change once, in order, and the store’s final state',
    { timeout: 120_000 },
    async () => {
      const r = await runWatchCampaign({ store, watchers: 20, writers: 16, writeMs: 3000 });
      printCampaigns([r]);
      expect(r.notes.filter((n) => n.startsWith('BUG'))).toEqual([]);
      expect(r.acknowledgedWrites).toBeGreaterThan(0);
      expect({ lost: r.writesLost, duplicates: r.duplicates, crashes: r.crashes }).toEqual({
        lost: 0,
        duplicates: 0,
        crashes: 0,
      });
    },
  );
});
