// Reliability campaigns (issue 10), long form: the same code as test/reliability's short form with bigger
// numbers — SIGKILL of the apiserver under 64-client create load on sqlite and etcd, 100 watchers against
// 64 writers across a restart on both stores, and 10,000 fuzzed create/update/patch cases. The table's
// lost, duplicates and crashes must be 0 (crashes of the fuzz row count the KNOWN 500s listed in
// test/reliability/known-bugs.ts). Knobs: K8TS_RELIABILITY_SECONDS (load per kill/watch run, default 10),
// K8TS_RELIABILITY_FUZZ_RUNS (default 10000).
import { campaignTable, type CampaignResult } from '../test/reliability/campaign';
import { runFuzzCampaign } from '../test/reliability/fuzz-api';
import { runKillCampaign } from '../test/reliability/kill-apiserver';
import { KNOWN_API_BUGS } from '../test/reliability/known-bugs';
import { runWatchCampaign } from '../test/reliability/watch-integrity';
import type { Benchmark } from './support/table';

const SECONDS = Number(process.env.K8TS_RELIABILITY_SECONDS ?? 10);
const FUZZ_RUNS = Number(process.env.K8TS_RELIABILITY_FUZZ_RUNS ?? 10_000);

const progress = (msg: string) => process.stderr.write(`  ${msg}\n`);

export const benchmark: Benchmark = {
  name: 'reliability',
  description: 'apiserver SIGKILL under load, watch integrity across restarts, API fuzzing (issue 10)',
  async run() {
    const results: CampaignResult[] = [];
    for (const store of ['sqlite', 'etcd'] as const) {
      progress(`kill-apiserver/${store}`);
      results.push(
        await runKillCampaign({
          store,
          clients: 64,
          loadMs: SECONDS * 1000,
          killAfterMs: (SECONDS * 1000) / 3,
        }),
      );
      progress(`watch-integrity/${store}`);
      results.push(await runWatchCampaign({ store, watchers: 100, writers: 64, writeMs: SECONDS * 1000 }));
    }
    progress(`fuzz-api (${FUZZ_RUNS} cases)`);
    results.push(await runFuzzCampaign({ numRuns: FUZZ_RUNS, known: KNOWN_API_BUGS }));
    const table = campaignTable(results, 'reliability campaigns (long form); lost, duplicates must be 0');
    const bugs = results.flatMap((r) => r.notes).filter((n) => n.startsWith('BUG')).length;
    table.notes = [...(table.notes ?? []), bugs ? `FAILED: ${bugs} BUG notes above` : 'no new bug found'];
    return table;
  },
};
