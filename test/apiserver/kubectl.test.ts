// The real kubectl 1.32 against an in-process apiserver, on both stores: what a user types and sees.
// One server per store; every test uses its own object names so they can share it.
import { chmodSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventYaml, nodeYaml, podYaml, rcYaml, serviceYaml } from './fixtures';
import { startTestServer, type StoreKind, type TestServer } from './harness';

/** A `kind: List` manifest holding the given single-object manifests as its items. */
const listYaml = (items: string[]) =>
  'apiVersion: v1\nkind: List\nitems:\n' +
  items.map((y) => y.trimEnd().replace(/^/gm, '  ').replace(/^ {2}/, '- ')).join('\n') +
  '\n';

describe.each<StoreKind>(['sqlite', 'etcd'])('kubectl against the apiserver on %s', (store) => {
  let t: TestServer;
  const ok = async (args: string[], opts?: Parameters<TestServer['kubectl']>[1]) => {
    const r = await t.kubectl(args, opts);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };

  beforeAll(async () => {
    t = await startTestServer(store, inject('etcdEndpoints'));
    await ok(['create', '-f', t.file('n1.yaml', nodeYaml('n1'))]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates a pod, a service and a replication controller from YAML', async () => {
    expect(await ok(['create', '-f', t.file('c-pod.yaml', podYaml('c-pod'))])).toBe('pod/c-pod created\n');
    expect(await ok(['create', '-f', t.file('c-svc.yaml', serviceYaml('c-svc', 'c-pod'))])).toBe(
      'service/c-svc created\n',
    );
    expect(await ok(['create', '-f', t.file('c-rc.yaml', rcYaml('c-rc', 1))])).toBe(
      'replicationcontroller/c-rc created\n',
    );
    const again = await t.kubectl(['create', '-f', t.file('c-pod.yaml', podYaml('c-pod'))]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Error from server (AlreadyExists)');
  });

  it('applies: created, unchanged, then configured with the change visible', async () => {
    const file = t.file('a-rc.yaml', rcYaml('a-rc', 2));
    expect(await ok(['apply', '-f', file])).toBe('replicationcontroller/a-rc created\n');
    expect(await ok(['apply', '-f', file])).toBe('replicationcontroller/a-rc unchanged\n');
    t.file('a-rc.yaml', rcYaml('a-rc', 4, 'nginx:1.26'));
    expect(await ok(['apply', '-f', file])).toBe('replicationcontroller/a-rc configured\n');
    expect(
      await ok([
        'get',
        'rc',
        'a-rc',
        '-o',
        'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}',
      ]),
    ).toBe('4 nginx:1.26');
  });

  it('creates and applies a kind: List file (a pod and a service) with default validation', async () => {
    const file = (image: string, extra = '') =>
      t.file(
        'list.yaml',
        listYaml([
          podYaml('list-pod').replace('nginx:1.25', image),
          serviceYaml('list-svc', 'list-pod') + extra,
        ]),
      );
    expect(await ok(['create', '-f', file('nginx:1.25')])).toBe(
      'pod/list-pod created\nservice/list-svc created\n',
    );
    expect(await ok(['apply', '-f', file('nginx:1.26')])).toBe(
      'pod/list-pod configured\nservice/list-svc configured\n',
    );
    expect(await ok(['apply', '-f', file('nginx:1.26')])).toBe(
      'pod/list-pod unchanged\nservice/list-svc unchanged\n',
    );
    expect(await ok(['get', 'pod', 'list-pod', '-o', 'jsonpath={.spec.containers[0].image}'])).toBe(
      'nginx:1.26',
    );
    // Items are still checked for unknown fields: by the server, as fieldValidation=Strict asks.
    const bad = await t.kubectl(['apply', '-f', file('nginx:1.26', '    bogus: 1\n')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown field "spec.ports[0].bogus"');
  });

  it('prints columns for every kind', async () => {
    await ok(['create', '-f', t.file('g-pod.yaml', podYaml('g-pod'))]);
    await ok(['create', '-f', t.file('g-svc.yaml', serviceYaml('g-svc', 'g-pod'))]);
    const out = await ok(['get', 'pods,svc,rc,ep,no,ns']);
    expect(out).toMatch(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    expect(out).toMatch(/pod\/g-pod\s+0\/1\s+Pending\s+0/);
    expect(out).toMatch(/NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE/);
    expect(out).toMatch(/service\/g-svc\s+ClusterIP\s+\d+\.\d+\.\d+\.\d+\s+<none>\s+80\/TCP/);
    expect(out).toMatch(/NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE/);
    expect(out).toMatch(/node\/n1\s/);
    expect(out).toMatch(/namespace\/default\s+Active/);
  });

  it('prints yaml, json, wide and jsonpath', async () => {
    await ok(['create', '-f', t.file('o-pod.yaml', podYaml('o-pod', { app: 'o-pod' }, 'n1'))]);
    const yaml = await ok(['get', 'pod', 'o-pod', '-o', 'yaml']);
    expect(yaml).toContain('kind: Pod');
    expect(yaml).toMatch(/uid: \S+/);
    const json = JSON.parse(await ok(['get', 'pods', '-o', 'json'])) as {
      kind: string;
      items: { metadata: { name: string } }[];
    };
    expect(json.kind).toBe('List');
    expect(json.items.map((p) => p.metadata.name)).toContain('o-pod');
    const wide = await ok(['get', 'pod', 'o-pod', '-o', 'wide']);
    expect(wide).toMatch(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE/);
    expect(wide).toMatch(/o-pod\s.*\sn1\s/);
    expect(await ok(['get', 'pod', 'o-pod', '-o', 'jsonpath={.spec.nodeName}'])).toBe('n1');
  });

  it('selects by label set expressions and by field', async () => {
    await ok([
      'create',
      '-f',
      t.file('s1.yaml', podYaml('s-front-prod', { tier: 'frontend', stack: 'prod' }, 'n1')),
    ]);
    await ok(['create', '-f', t.file('s2.yaml', podYaml('s-front-dev', { tier: 'frontend', stack: 'dev' }))]);
    await ok(['create', '-f', t.file('s3.yaml', podYaml('s-back-prod', { tier: 'backend', stack: 'prod' }))]);
    const byLabel = await ok(['get', 'pods', '-l', 'tier in (frontend), stack in (prod)', '-o', 'name']);
    expect(byLabel).toBe('pod/s-front-prod\n');
    const byField = await ok(['get', 'pods', '--field-selector', 'spec.nodeName=n1', '-o', 'name']);
    expect(byField).toContain('pod/s-front-prod\n');
    expect(byField).not.toContain('s-front-dev');
  });

  it('watches: get -w sees a change within a second', async () => {
    await ok(['create', '-f', t.file('w-pod.yaml', podYaml('w-pod'))]);
    const w = t.spawnKubectl(['get', 'pods', '-w', '-l', 'app=w-pod']);
    try {
      await w.waitFor(/w-pod\s+0\/1\s+Pending/, 10_000);
      await ok(['label', 'pod', 'w-pod', 'seen=yes']);
      const started = Date.now();
      await w.waitFor(/w-pod[^\n]*\n[\s\S]*w-pod/, 1000);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await w.stop();
    }
  });

  it('watches one pod by name: get pod NAME -w', async () => {
    await ok(['create', '-f', t.file('w1-pod.yaml', podYaml('w1-pod'))]);
    await t.waitForOpenWatches('pods', 0, 5000);
    const w = t.spawnKubectl(['get', 'pod', 'w1-pod', '-w', '-o', 'jsonpath={.metadata.labels.step}{"\\n"}']);
    try {
      // kubectl GETs the pod, then watches from rv=0 and drops that watch's first event (the current state),
      // so a change made before its watch is open is never printed, as with Kubernetes: wait for the watch.
      await t.waitForOpenWatches('pods', 1, 5000);
      await ok(['label', 'pod', 'w1-pod', 'step=one']);
      await w.waitFor(/^one$/m, 5000);
      await ok(['label', 'pod', 'w1-pod', 'step=two', '--overwrite']);
      await w.waitFor(/^two$/m, 5000);
    } finally {
      await w.stop();
    }
  });

  it('labels, annotates, scales and edits', async () => {
    await ok(['create', '-f', t.file('l-pod.yaml', podYaml('l-pod'))]);
    expect(await ok(['label', 'pod', 'l-pod', 'env=test'])).toBe('pod/l-pod labeled\n');
    expect(await ok(['annotate', 'pod', 'l-pod', 'note=hello'])).toBe('pod/l-pod annotated\n');
    expect(
      await ok(['get', 'pod', 'l-pod', '-o', 'jsonpath={.metadata.labels.env} {.metadata.annotations.note}']),
    ).toBe('test hello');
    await ok(['create', '-f', t.file('l-rc.yaml', rcYaml('l-rc', 1))]);
    expect(await ok(['scale', 'rc', 'l-rc', '--replicas=5'])).toBe('replicationcontroller/l-rc scaled\n');
    expect(await ok(['get', 'rc', 'l-rc', '-o', 'jsonpath={.spec.replicas}'])).toBe('5');
    // --current-replicas: GET and PUT of the Scale (which kubectl sends without a Content-Type).
    expect(await ok(['scale', 'rc', 'l-rc', '--current-replicas=5', '--replicas=6'])).toBe(
      'replicationcontroller/l-rc scaled\n',
    );
    const stale = await t.kubectl(['scale', 'rc', 'l-rc', '--current-replicas=5', '--replicas=9']);
    expect(stale.stderr).toContain('Expected replicas to be 5, was 6');
    const editor = t.file('editor.sh', '#!/bin/sh\nsed -i "s/replicas: 6/replicas: 7/" "$1"\n');
    chmodSync(editor, 0o755);
    expect(await ok(['edit', 'rc', 'l-rc'], { env: { KUBE_EDITOR: editor } })).toBe(
      'replicationcontroller/l-rc edited\n',
    );
    expect(await ok(['get', 'rc', 'l-rc', '-o', 'jsonpath={.spec.replicas}'])).toBe('7');
  });

  it('server-side applies, replaces, patches every way, runs, exposes and dry-runs', async () => {
    const file = t.file('p-rc.yaml', rcYaml('p-rc', 1));
    expect(await ok(['apply', '--server-side', '-f', file])).toBe(
      'replicationcontroller/p-rc serverside-applied\n',
    );
    expect(await ok(['replace', '-f', file])).toBe('replicationcontroller/p-rc replaced\n');
    const json = '[{"op":"replace","path":"/spec/replicas","value":3}]';
    expect(await ok(['patch', 'rc', 'p-rc', '--type=json', '-p', json])).toBe(
      'replicationcontroller/p-rc patched\n',
    );
    await ok(['patch', 'rc', 'p-rc', '--type=merge', '-p', '{"metadata":{"labels":{"m":"1"}}}']);
    await ok([
      'patch',
      'rc',
      'p-rc',
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:2"}]}}}}',
    ]);
    expect(
      await ok([
        'get',
        'rc',
        'p-rc',
        '-o',
        'jsonpath={.spec.replicas} {.metadata.labels.m} {.spec.template.spec.containers[*].image}',
      ]),
    ).toBe('3 1 nginx:2');
    expect(await ok(['run', 'p-run', '--image=busybox', '--', 'sleep', '10'])).toBe('pod/p-run created\n');
    expect(await ok(['expose', 'rc', 'p-rc', '--port=80'])).toBe('service/p-rc exposed\n');
    expect(await ok(['get', 'svc', 'p-rc', '-o', 'jsonpath={.spec.clusterIP}'])).toMatch(
      /^\d+\.\d+\.\d+\.\d+$/,
    );
    const dry = t.file('p-dry.yaml', podYaml('p-dry'));
    expect(await ok(['create', '-f', dry, '--dry-run=server'])).toBe('pod/p-dry created (server dry run)\n');
    expect((await t.kubectl(['get', 'pod', 'p-dry'])).stderr).toContain('NotFound');
  });

  it('deletes: a bound pod with a grace period, by file, and --all', async () => {
    await ok(['create', '-f', t.file('d-bound.yaml', podYaml('d-bound', { app: 'd' }, 'n1'))]);
    expect(await ok(['delete', 'pod', 'd-bound', '--grace-period=30', '--wait=false'])).toBe(
      'pod "d-bound" deleted\n',
    );
    const ts = await ok(['get', 'pod', 'd-bound', '-o', 'jsonpath={.metadata.deletionTimestamp}']);
    expect(ts).toMatch(/^\d{4}-\d\d-\d\dT/);

    const file = t.file('d-rc.yaml', rcYaml('d-rc', 1));
    await ok(['create', '-f', file]);
    expect(await ok(['delete', '-f', file])).toBe('replicationcontroller "d-rc" deleted\n');
    expect((await t.kubectl(['get', 'rc', 'd-rc'])).stderr).toContain('NotFound');

    await ok(['create', 'ns', 'd-all']);
    await ok(['create', '-n', 'd-all', '-f', t.file('d1.yaml', podYaml('d1'))]);
    await ok(['create', '-n', 'd-all', '-f', t.file('d2.yaml', podYaml('d2'))]);
    const out = await ok(['delete', 'pods', '--all', '-n', 'd-all']);
    expect(out).toContain('pod "d1" deleted');
    expect(out).toContain('pod "d2" deleted');
    expect((await t.kubectl(['get', 'pods', '-n', 'd-all'])).stderr).toContain(
      'No resources found in d-all namespace.',
    );
  });

  it('describes a pod with its events, a service, an rc and a node', async () => {
    await ok(['create', '-f', t.file('x-pod.yaml', podYaml('x-pod', { app: 'x-rc' }, 'n1'))]);
    const uid = await ok(['get', 'pod', 'x-pod', '-o', 'jsonpath={.metadata.uid}']);
    await ok(['create', '-f', t.file('x-ev.yaml', eventYaml('x-pod.1', 'x-pod', uid))]);
    const pod = await ok(['describe', 'pod', 'x-pod']);
    expect(pod).toMatch(/Name:\s+x-pod/);
    expect(pod).toMatch(/Node:\s+n1/);
    expect(pod).toMatch(
      /Events:[\s\S]*Normal\s+Scheduled[\s\S]*default-scheduler\s+Successfully assigned default\/x-pod to n1/,
    );
    await ok(['create', '-f', t.file('x-svc.yaml', serviceYaml('x-svc', 'x-rc'))]);
    expect(await ok(['describe', 'svc', 'x-svc'])).toMatch(/Selector:\s+app=x-rc/);
    await ok(['create', '-f', t.file('x-rc.yaml', rcYaml('x-rc', 2))]);
    expect(await ok(['describe', 'rc', 'x-rc'])).toMatch(/Replicas:\s+\d+ current \/ 2 desired/);
    const node = await ok(['describe', 'node', 'n1']);
    expect(node).toMatch(/Name:\s+n1/);
    expect(node).toContain('x-pod');
  });

  it('gets all, sorts by name, lists api-resources and explains', async () => {
    await ok(['create', 'ns', 'all-ns']);
    for (const n of ['zeta', 'alpha', 'mid'])
      await ok(['create', '-n', 'all-ns', '-f', t.file(`${n}.yaml`, podYaml(n))]);
    await ok(['create', '-n', 'all-ns', '-f', t.file('all-rc.yaml', rcYaml('all-rc', 0))]);
    const all = await ok(['get', 'all', '-n', 'all-ns']);
    expect(all).toMatch(/pod\/alpha\s/);
    expect(all).toMatch(/replicationcontroller\/all-rc\s/);
    const sorted = await ok(['get', 'pods', '-n', 'all-ns', '--sort-by=.metadata.name', '--no-headers']);
    expect(
      sorted
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(['alpha', 'mid', 'zeta']);
    const resources = await ok(['api-resources']);
    expect(resources).toMatch(/pods\s+po\s+v1\s+true\s+Pod/);
    expect(resources).toMatch(/replicationcontrollers\s+rc\s+v1\s+true\s+ReplicationController/);
    expect(resources).toMatch(/nodes\s+no\s+v1\s+false\s+Node/);
    expect(await ok(['explain', 'pod.spec.containers'])).toMatch(/KIND:\s+Pod[\s\S]*FIELD:\s+containers/);
  });

  it('answers auth can-i and whoami on the insecure port, where everything is allowed', async () => {
    expect(await ok(['auth', 'can-i', 'delete', 'nodes'])).toBe('yes\n');
    expect(await ok(['auth', 'can-i', '*', '*'])).toBe('yes\n');
    expect(await ok(['auth', 'can-i', '--list'])).toMatch(
      /^Resources +Non-Resource URLs.*\n\*\.\* +\[\] +\[\] +\[\*\]\n/,
    );
    expect(await ok(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'])).toBe(
      'system:unsecured',
    );
  });

  it('creates, lists and deletes namespaces, and their content goes with them', async () => {
    expect(await ok(['create', 'ns', 'gone'])).toBe('namespace/gone created\n');
    await ok(['create', '-n', 'gone', '-f', t.file('gone-pod.yaml', podYaml('gone-pod'))]);
    expect(await ok(['get', 'ns'])).toMatch(/gone\s+Active/);
    expect(await ok(['delete', 'ns', 'gone'], { timeoutMs: 15_000 })).toBe('namespace "gone" deleted\n');
    expect((await t.kubectl(['get', 'ns', 'gone'])).stderr).toContain('NotFound');
    const pods = await t.kubectl(['get', 'pods', '-A', '-o', 'name']);
    expect(pods.stdout).not.toContain('gone-pod');
  });
});
