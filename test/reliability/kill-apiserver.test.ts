// Short form of the kill campaign (issue 10): a few seconds of 64-client create load per store, one SIGKILL.
import { describe, expect, it } from 'vitest';
import { printCampaigns } from './campaign';
import { runKillCampaign } from './kill-apiserver';

describe.each(['sqlite', 'etcd'] as const)('SIGKILL of the apiserver under create load (%s)', (store) => {
  it('loses no acknowledged create and creates nothing twice', { timeout: 120_000 }, async () => {
    const r = await runKillCampaign({ store, clients: 64, loadMs: 2500, killAfterMs: 1000 });
    printCampaigns([r]);
    expect(r.notes.filter((n) => n.startsWith('BUG'))).toEqual([]);
    expect(r.acknowledgedWrites).toBeGreaterThan(0);
    expect(r.convergeMs.length).toBeGreaterThan(0); // the kill did cut creates off
    expect({ lost: r.writesLost, duplicates: r.duplicates, crashes: r.crashes }).toEqual({
      lost: 0,
      duplicates: 0,
      crashes: 0,
    });
  });
});
