// Short form of the controllers campaign (issue 10): an RC scaled 0 → 150 on 10 hollow nodes (300 on 50 in
// the long form, `npm run bench reliability`) while the controller-manager and then the scheduler are
// SIGKILLed and restarted.
import { describe, expect, it } from 'vitest';
import { printCampaigns } from './campaign';
import { runKillControllersCampaign } from './kill-controllers';

describe('SIGKILL of the controller-manager and the scheduler during an RC scale-up', () => {
  it('converges to exactly the replica count, with no duplicate pods', { timeout: 150_000 }, async () => {
    const r = await runKillControllersCampaign({
      replicas: 150,
      nodes: 10,
      killManagerAtPods: 30,
      killSchedulerAtBound: 75,
      downMs: 500,
      convergeWithinMs: 60_000,
    });
    printCampaigns([r]);
    expect(r.notes.filter((n) => n.startsWith('BUG'))).toEqual([]);
    expect({ duplicates: r.duplicates, crashes: r.crashes }).toEqual({ duplicates: 0, crashes: 0 });
    expect(r.convergeMs).toHaveLength(1);
  });
});
