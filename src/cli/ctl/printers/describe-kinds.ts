// What `describe` shows for each kind, in kubectl's order; the Events section is added by the caller.
import type {
  Endpoints,
  KubeObject,
  Node,
  Pod,
  ReplicationController,
  ObjectMeta,
  Service,
} from '../../../api/types';
import { DescribeDoc, age, formatMap } from './describe-doc';

export interface Related {
  /** rc: its pods; node: the pods on it. */
  pods?: Pod[];
  endpoints?: Endpoints;
}

function meta(doc: DescribeDoc, o: { metadata?: ObjectMeta }, namespaced: boolean): void {
  doc.field('Name', o.metadata?.name);
  if (namespaced) doc.field('Namespace', o.metadata?.namespace);
  doc.field('Labels', formatMap(o.metadata?.labels));
  const ann = { ...o.metadata?.annotations };
  delete ann['kubectl.kubernetes.io/last-applied-configuration'];
  doc.field('Annotations', formatMap(ann));
}

export function describePod(doc: DescribeDoc, pod: Pod): void {
  meta(doc, pod, true);
  doc.field('Node', pod.spec?.nodeName ? `${pod.spec.nodeName}/${pod.status?.hostIP ?? ''}` : '<none>');
  doc.field('Start Time', pod.status?.startTime);
  doc.field('Status', pod.metadata?.deletionTimestamp ? 'Terminating' : (pod.status?.phase ?? 'Pending'));
  doc.field('IP', pod.status?.podIP);
  doc.line('Containers:');
  for (const c of pod.spec?.containers ?? []) {
    const st = pod.status?.containerStatuses?.find((s) => s.name === c.name);
    doc.line(`${c.name}:`, 1);
    doc.field('Image', c.image, 2);
    doc.field('Port', (c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', '), 2);
    if (c.command?.length) doc.field('Command', c.command.join(' '), 2);
    if (c.args?.length) doc.field('Args', c.args.join(' '), 2);
    const state = st?.state;
    if (state?.running) doc.field('State', `Running (since ${state.running.startedAt ?? '?'})`, 2);
    else if (state?.waiting) doc.field('State', `Waiting: ${state.waiting.reason ?? ''}`, 2);
    else if (state?.terminated)
      doc.field(
        'State',
        `Terminated: ${state.terminated.reason ?? ''} (exit code ${state.terminated.exitCode})`,
        2,
      );
    else doc.field('State', 'Waiting', 2);
    doc.field('Ready', st?.ready ? 'True' : 'False', 2);
    doc.field('Restart Count', st?.restartCount ?? 0, 2);
  }
  doc.table(
    'Conditions',
    ['Type', 'Status'],
    (pod.status?.conditions ?? []).map((c) => [c.type, c.status]),
  );
}

export function describeRc(doc: DescribeDoc, rc: ReplicationController, r: Related): void {
  meta(doc, rc, true);
  doc.field('Selector', formatMap(rc.spec?.selector));
  doc.field('Replicas', `${rc.status?.replicas ?? 0} current / ${rc.spec?.replicas ?? 1} desired`);
  const pods = r.pods ?? [];
  const n = (phase: string) => pods.filter((p) => (p.status?.phase ?? 'Pending') === phase).length;
  doc.field(
    'Pods Status',
    `${n('Running')} Running / ${n('Pending')} Waiting / ${n('Succeeded')} Succeeded / ${n('Failed')} Failed`,
  );
  doc.line('Pod Template:');
  doc.field('Labels', formatMap(rc.spec?.template?.metadata?.labels), 1);
  doc.line('Containers:', 1);
  for (const c of rc.spec?.template?.spec?.containers ?? []) {
    doc.line(`${c.name}:`, 2);
    doc.field('Image', c.image, 3);
    doc.field('Port', (c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', '), 3);
  }
}

export function describeService(doc: DescribeDoc, svc: Service, r: Related): void {
  meta(doc, svc, true);
  doc.field('Selector', formatMap(svc.spec?.selector));
  doc.field('Type', svc.spec?.type ?? 'ClusterIP');
  doc.field('IP', svc.spec?.clusterIP);
  for (const p of svc.spec?.ports ?? []) {
    doc.field('Port', `${p.name || '<unset>'}  ${p.port}/${p.protocol ?? 'TCP'}`);
    doc.field('TargetPort', `${p.targetPort ?? p.port}/${p.protocol ?? 'TCP'}`);
    if (p.nodePort) doc.field('NodePort', `${p.name || '<unset>'}  ${p.nodePort}/${p.protocol ?? 'TCP'}`);
    const eps = (r.endpoints?.subsets ?? []).flatMap((s) =>
      (s.addresses ?? []).map(
        (a) => `${a.ip}:${s.ports?.find((sp) => sp.name === p.name)?.port ?? s.ports?.[0]?.port ?? ''}`,
      ),
    );
    doc.field('Endpoints', eps.join(','));
  }
  doc.field('Session Affinity', svc.spec?.sessionAffinity ?? 'None');
}

export function describeNode(doc: DescribeDoc, node: Node, r: Related, now: number): void {
  meta(doc, node, false);
  doc.field('CreationTimestamp', node.metadata?.creationTimestamp);
  doc.field('Unschedulable', node.spec?.unschedulable ? 'true' : 'false');
  doc.field('PodCIDR', node.spec?.podCIDR);
  doc.table(
    'Conditions',
    ['Type', 'Status', 'LastHeartbeatTime', 'Reason', 'Message'],
    (node.status?.conditions ?? []).map((c) => [
      c.type,
      c.status,
      c.lastHeartbeatTime ?? '',
      c.reason ?? '',
      c.message ?? '',
    ]),
  );
  doc.line('Addresses:');
  for (const a of node.status?.addresses ?? []) doc.field(a.type, a.address, 1);
  for (const [title, res] of [
    ['Capacity', node.status?.capacity],
    ['Allocatable', node.status?.allocatable],
  ] as const) {
    doc.line(`${title}:`);
    for (const [k, v] of Object.entries(res ?? {})) doc.field(k, v, 1);
  }
  const pods = r.pods ?? [];
  doc.table(
    `Non-terminated Pods (${pods.length} in total)`,
    ['Namespace', 'Name', 'Age'],
    pods.map((p) => [
      p.metadata?.namespace ?? '',
      p.metadata?.name ?? '',
      age(p.metadata?.creationTimestamp, now),
    ]),
  );
}

export function describeOther(doc: DescribeDoc, o: KubeObject, namespaced: boolean): void {
  meta(doc, o, namespaced);
  doc.field('CreationTimestamp', o.metadata?.creationTimestamp);
}
