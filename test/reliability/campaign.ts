// The reliability campaigns' common result: one row of issue 10's table per campaign run, and the table
// itself in bench/support/table's shape so `npm run bench reliability` and the tests print the same thing.
import { percentile } from '../../bench/apiserver/http-load';
import { formatTable, type Table } from '../../bench/support/table';

export interface CampaignResult {
  campaign: string;
  /** Client operations (kill), watcher×events checked (watch) or generated inputs (fuzz). */
  cases: number;
  faultsInjected: number;
  acknowledgedWrites: number;
  /** Must be 0: acknowledged writes missing afterwards (or watch events missing from a watcher). */
  writesLost: number;
  /** Must be 0: an object created twice, an event delivered twice. */
  duplicates: number;
  /** Must be 0: server processes that died without being killed, or answers with a 5xx. */
  crashes: number;
  /** Time from a fault to each client being whole again, in ms. */
  convergeMs: number[];
  /** Anything else worth a line under the table; every entry starting with "BUG" is a failure. */
  notes: string[];
}

/** Where the load campaigns create their pods. */
export const PODS = '/api/v1/namespaces/default/pods';

/** A minimal busybox pod labelled with the campaign that made it, as a JSON body. */
export const campaignPodBody = (name: string, campaign: string) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { campaign } },
    spec: { containers: [{ name: 'c', image: 'busybox' }] },
  });

export const COLUMNS = [
  'campaign',
  'cases',
  'faults',
  'acked writes',
  'lost',
  'duplicates',
  'crashes',
  'converge p50 ms',
  'converge p99 ms',
];

export function row(r: CampaignResult): (string | number)[] {
  const p = (q: number) => (r.convergeMs.length ? Math.round(percentile(r.convergeMs, q)) : '-');
  return [
    r.campaign,
    r.cases,
    r.faultsInjected,
    r.acknowledgedWrites,
    r.writesLost,
    r.duplicates,
    r.crashes,
    p(50),
    p(99),
  ];
}

export function campaignTable(results: CampaignResult[], title = 'reliability campaigns'): Table {
  return {
    title,
    columns: COLUMNS,
    rows: results.map(row),
    notes: results.flatMap((r) => r.notes.map((n) => `${r.campaign}: ${n}`)),
  };
}

/** Prints the rows (tests call this so a CI log shows the numbers, pass or fail). */
export function printCampaigns(results: CampaignResult[]): void {
  console.log(formatTable(campaignTable(results)));
}
