// Short form of the API fuzz campaign (issue 10): 300 generated create/update/patch cases.
import { describe, expect, it } from 'vitest';
import { printCampaigns } from './campaign';
import { runFuzzCampaign } from './fuzz-api';
import { KNOWN_API_BUGS } from './known-bugs';

describe('fuzzed create/update/patch of pods, services and replication controllers', () => {
  it(
    'never answers 5xx, stores nothing on 4xx and reads back what it acknowledged',
    { timeout: 180_000 },
    async () => {
      const r = await runFuzzCampaign({ numRuns: 300, known: KNOWN_API_BUGS });
      printCampaigns([r]);
      expect(r.notes.filter((n) => n.startsWith('BUG'))).toEqual([]);
      expect(r.acknowledgedWrites).toBeGreaterThan(0);
    },
  );
});
