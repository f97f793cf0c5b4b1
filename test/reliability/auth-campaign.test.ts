// Short form of the authentication campaign (issue 10): 400 bad-credential requests and a node's overreach
// against a secure apiserver process, and its log searched for every secret.
import { describe, expect, it } from 'vitest';
import { printCampaigns } from './campaign';
import { runAuthCampaign } from './auth-campaign';

describe('authentication and node authorization under hostile requests', () => {
  it(
    'answers 401 to bad credentials and 403 to a node’s overreach, never logging a secret',
    { timeout: 120_000 },
    async () => {
      const r = await runAuthCampaign({ cases: 400 });
      printCampaigns([r]);
      expect(r.notes.filter((n) => n.startsWith('BUG'))).toEqual([]);
      expect(r.crashes).toBe(0);
    },
  );
});
