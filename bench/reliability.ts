// Reliability campaigns (issue 10), long form: the same code as test/reliability's short form with bigger
// numbers — SIGKILL of the apiserver under 64-client create load on sqlite and etcd, 100 watchers against
// 64 writers across a restart on both stores, 10,000 fuzzed create/update/patch cases, a 3-member etcd
// losing its leader and then quorum under 64 clients, the kubelet's four sources fed malformed manifests,
// the authentication campaign (bad credentials, a node's overreach, secrets in logs), and SIGKILL of the
// controller-manager and scheduler during an RC scale-up 0 → 300 on hollow nodes, and SIGKILL of each node
// component (kubelet, scheduler, controller-manager, proxy, dockerd, a container) during RC scale-ups on a real
// one-node cluster, K8TS_RELIABILITY_NODE_ROUNDS rounds (default 5) for converge p50/p99, and a full disk under
// the sqlite store, under etcd's space quota and under etcd's own data directory (small tmpfs). The table's lost,
// duplicates and crashes must be 0 (crashes of the fuzz and kubelet-sources rows count the KNOWN 500s
// listed in test/reliability/known-bugs.ts). Knobs: K8TS_RELIABILITY_SECONDS (load per kill/watch/quorum
// run, default 10), K8TS_RELIABILITY_FUZZ_RUNS (default 10000), K8TS_RELIABILITY_AUTH_CASES (default 5000),
// K8TS_RELIABILITY_ONLY (comma-separated campaign names to run, e.g. etcd-quorum,auth).
import { runAuthCampaign } from '../test/reliability/auth-campaign';
import { runDiskFullCampaign } from '../test/reliability/disk-full';
import { campaignTable, type CampaignResult } from '../test/reliability/campaign';
import { runQuorumCampaign } from '../test/reliability/etcd-quorum';
import { runFuzzCampaign } from '../test/reliability/fuzz-api';
import { runKillCampaign } from '../test/reliability/kill-apiserver';
import { runKillControllersCampaign } from '../test/reliability/kill-controllers';
import { runKillNodeComponentsCampaign } from '../test/reliability/kill-node-components';
import { KNOWN_API_BUGS, KNOWN_KUBELET_BUGS, RELIABILITY_FINDINGS } from '../test/reliability/known-bugs';
import { runKubeletSourcesCampaign } from '../test/reliability/kubelet-sources';
import { runWatchCampaign } from '../test/reliability/watch-integrity';
import type { Benchmark } from './support/table';

const SECONDS = Number(process.env.K8TS_RELIABILITY_SECONDS ?? 10);
const FUZZ_RUNS = Number(process.env.K8TS_RELIABILITY_FUZZ_RUNS ?? 10_000);
const AUTH_CASES = Number(process.env.K8TS_RELIABILITY_AUTH_CASES ?? 5000);
const NODE_ROUNDS = Number(process.env.K8TS_RELIABILITY_NODE_ROUNDS ?? 5);
const ONLY = process.env.K8TS_RELIABILITY_ONLY?.split(',').filter(Boolean);

const progress = (msg: string) => process.stderr.write(`  ${msg}\n`);

/** The campaigns in order, by the name K8TS_RELIABILITY_ONLY selects them with. */
const campaigns: [string, () => Promise<CampaignResult>][] = [
  ...(['sqlite', 'etcd'] as const).flatMap((store): [string, () => Promise<CampaignResult>][] => [
    [
      `kill-apiserver/${store}`,
      () =>
        runKillCampaign({ store, clients: 64, loadMs: SECONDS * 1000, killAfterMs: (SECONDS * 1000) / 3 }),
    ],
    [
      `watch-integrity/${store}`,
      () => runWatchCampaign({ store, watchers: 100, writers: 64, writeMs: SECONDS * 1000 }),
    ],
  ]),
  [
    `fuzz-api`,
    () => {
      progress(`  (${FUZZ_RUNS} cases)`);
      return runFuzzCampaign({ numRuns: FUZZ_RUNS, known: KNOWN_API_BUGS });
    },
  ],
  [
    'etcd-quorum',
    () =>
      runQuorumCampaign({
        clients: 64,
        loadMs: SECONDS * 1000,
        killAfterMs: (SECONDS * 1000) / 3,
        noQuorumMs: 5000,
        clientTimeoutMs: 15_000,
        serverDeadlineMs: 10_000,
        createsAfterRecovery: 20,
      }),
  ],
  [
    'kubelet-sources',
    () =>
      runKubeletSourcesCampaign({ garbageMs: SECONDS * 2000, randomCases: 100, known: KNOWN_KUBELET_BUGS }),
  ],
  ['auth', () => runAuthCampaign({ cases: AUTH_CASES })],
  [
    'kill-controllers',
    () =>
      runKillControllersCampaign({
        replicas: 300,
        nodes: 50,
        killManagerAtPods: 100,
        killSchedulerAtBound: 200,
        downMs: 1000,
        convergeWithinMs: 120_000,
      }),
  ],
  [
    'kill-node-components',
    () =>
      runKillNodeComponentsCampaign({
        rounds: NODE_ROUNDS,
        replicas: 10,
        convergeWithinMs: 120_000,
        holdMs: 3000,
        progress,
      }),
  ],
  ...(['sqlite', 'etcd', 'etcd-fs'] as const).map((store): [string, () => Promise<CampaignResult>] => [
    `disk-full/${store}`,
    () => runDiskFullCampaign({ store, log: progress }),
  ]),
];

export const benchmark: Benchmark = {
  name: 'reliability',
  description:
    'apiserver SIGKILL under load, watch integrity across restarts, API fuzzing, etcd quorum loss, ' +
    'kubelet sources with malformed manifests, authentication, controller SIGKILL, node component SIGKILL on ' +
    'real Docker, disk full (issue 10)',
  async run() {
    const results: CampaignResult[] = [];
    for (const [name, run] of campaigns) {
      if (ONLY && !ONLY.includes(name)) continue;
      progress(name);
      results.push(await run());
    }
    const table = campaignTable(results, 'reliability campaigns (long form); lost, duplicates must be 0');
    const bugs = results.flatMap((r) => r.notes).filter((n) => n.startsWith('BUG')).length;
    table.notes = [
      ...(table.notes ?? []),
      ...RELIABILITY_FINDINGS.map((f) => `finding: ${f}`),
      bugs ? `FAILED: ${bugs} BUG notes above` : 'no new bug found',
    ];
    return table;
  },
};
