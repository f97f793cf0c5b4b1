// The writing verbs against a real apiserver, checked through what the user reads and through the API:
// create / apply / delete round trips (file, directory, stdin), run (pod and RC), expose, scale, label,
// and describe with the object's events.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod, ReplicationController, Service } from '../../src/api/types';
import { KubeClient } from '../../src/client';
import { startTestServer, type TestServer } from '../apiserver/harness';
import { nodeYaml, podYaml, rcYaml, serviceYaml } from '../apiserver/fixtures';
import { runCli } from './harness';

let ts: TestServer;
let client: KubeClient;
let s: string[];
const k8ts = (...args: string[]) => runCli([...args, ...s]);

beforeAll(async () => {
  ts = await startTestServer('sqlite', []);
  client = new KubeClient({ server: ts.url });
  s = ['-s', ts.url];
});
afterAll(async () => {
  client.close();
  await ts.close();
});

describe('create, apply, delete', () => {
  it('round-trips a multi-document file', async () => {
    const file = ts.file('app.yaml', `${rcYaml('rt', 2)}---\n${serviceYaml('rt', 'rt')}`);
    expect(await k8ts('create', '-f', file)).toMatchObject({
      code: 0,
      stdout: 'replicationcontroller/rt created\nservice/rt created\n',
    });
    const again = await k8ts('create', '-f', file);
    expect(again).toMatchObject({ code: 1, stderr: 'error: replicationcontrollers "rt" already exists\n' });
    expect(await k8ts('delete', '-f', file)).toMatchObject({
      code: 0,
      stdout: 'replicationcontroller "rt" deleted\nservice "rt" deleted\n',
    });
    await expect(client.get('services', 'default', 'rt')).rejects.toMatchObject({ code: 404 });
  });

  it('applies: created, then unchanged, then configured with fields dropped from the file removed', async () => {
    const dir = path.join(ts.dir, 'manifests');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'a-rc.yaml'), rcYaml('ap', 1));
    writeFileSync(path.join(dir, 'b-pod.yaml'), podYaml('ap-pod', { app: 'other', tier: 'x' }));
    writeFileSync(path.join(dir, 'notes.txt'), 'not a manifest');
    expect((await k8ts('apply', '-f', dir)).stdout).toBe(
      'replicationcontroller/ap created\npod/ap-pod created\n',
    );
    expect((await k8ts('apply', '-f', dir)).stdout).toBe(
      'replicationcontroller/ap unchanged\npod/ap-pod unchanged\n',
    );
    writeFileSync(path.join(dir, 'a-rc.yaml'), rcYaml('ap', 4, 'nginx:1.27'));
    writeFileSync(path.join(dir, 'b-pod.yaml'), podYaml('ap-pod', { app: 'other' }));
    expect((await k8ts('apply', '-f', dir)).stdout).toBe(
      'replicationcontroller/ap configured\npod/ap-pod configured\n',
    );
    const rc = await client.get<ReplicationController>('replicationcontrollers', 'default', 'ap');
    expect(rc.spec?.replicas).toBe(4);
    expect(rc.spec?.template?.spec?.containers[0]?.image).toBe('nginx:1.27');
    const pod = await client.get<Pod>('pods', 'default', 'ap-pod');
    expect(pod.metadata?.labels).toEqual({ app: 'other' });
  });

  it('reads stdin with -f - and deletes by selector', async () => {
    const input = `${podYaml('sel-1', { app: 'sel' })}---\n${podYaml('sel-2', { app: 'sel' })}`;
    expect((await runCli(['create', '-f', '-', ...s], { stdin: input })).stdout).toBe(
      'pod/sel-1 created\npod/sel-2 created\n',
    );
    expect(await k8ts('delete', 'pods', '-l', 'app=sel')).toMatchObject({
      code: 0,
      stdout: 'pod "sel-1" deleted\npod "sel-2" deleted\n',
    });
    expect((await k8ts('delete', 'pods')).stderr).toMatch(
      /^error: resource\(s\) were provided, but no name was specified/,
    );
  });

  it('reports invalid objects with the server’s field errors', async () => {
    const bad = ts.file(
      'bad.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec:\n  containers: []\n',
    );
    const r = await k8ts('create', '-f', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: Pod "bad" is invalid: spec.containers: Required value\n');
  });
});

describe('run, expose, scale, label', () => {
  it('runs a pod labelled run=NAME, or an RC with --replicas', async () => {
    expect(
      (await runCli(['run', 'solo', ...s, '--image', 'busybox', '--port', '8080', '--', 'sleep', '60']))
        .stdout,
    ).toBe('pod/solo created\n');
    const pod = await client.get<Pod>('pods', 'default', 'solo');
    expect(pod.metadata?.labels).toEqual({ run: 'solo' });
    expect(pod.spec?.containers[0]).toMatchObject({
      image: 'busybox',
      args: ['sleep', '60'],
      ports: [{ containerPort: 8080 }],
    });
    expect(
      (await k8ts('run', 'fleet', '--image', 'nginx', '--replicas', '3', '-l', 'app=fleet')).stdout,
    ).toBe('replicationcontroller/fleet created\n');
    const rc = await client.get<ReplicationController>('replicationcontrollers', 'default', 'fleet');
    expect(rc.spec).toMatchObject({ replicas: 3, selector: { app: 'fleet' } });
  });

  it('exposes an RC as a service selecting its pods', async () => {
    await k8ts('run', 'web', '--image', 'nginx', '--replicas', '1');
    expect(
      (await k8ts('expose', 'rc/web', '--port', '80', '--target-port', '8080', '--type', 'NodePort')).stdout,
    ).toBe('service/web exposed\n');
    const svc = await client.get<Service>('services', 'default', 'web');
    expect(svc.spec).toMatchObject({
      selector: { run: 'web' },
      type: 'NodePort',
      ports: [{ port: 80, targetPort: 8080 }],
    });
    expect(svc.spec?.clusterIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect((await k8ts('expose', 'rc/nope', '--port', '80')).stderr).toBe(
      'error: replicationcontrollers "nope" not found in namespace "default"\n',
    );
  });

  it('scales an RC and refuses what cannot be scaled', async () => {
    await k8ts('run', 'sc', '--image', 'nginx', '--replicas', '1');
    expect((await k8ts('scale', 'rc/sc', '--replicas', '5')).stdout).toBe(
      'replicationcontroller/sc scaled\n',
    );
    expect(
      (await client.get<ReplicationController>('replicationcontrollers', 'default', 'sc')).spec?.replicas,
    ).toBe(5);
    expect((await k8ts('scale', 'rc', 'sc', '--replicas', 'x')).stderr).toBe(
      'error: --replicas must be a whole number >= 0, not "x"\n',
    );
    expect((await k8ts('scale', 'pod/solo', '--replicas', '2')).code).toBe(1);
  });

  it('adds, overwrites and removes labels', async () => {
    await k8ts('run', 'lb', '--image', 'nginx');
    expect((await k8ts('label', 'pod', 'lb', 'tier=fe')).stdout).toBe('pod/lb labeled\n');
    expect(await k8ts('label', 'pod', 'lb', 'tier=be')).toMatchObject({
      code: 1,
      stderr: "error: 'tier' already has a value (fe), and --overwrite is false\n",
    });
    await k8ts('label', 'pod/lb', 'tier=be', '--overwrite');
    await k8ts('label', 'po', 'lb', 'run-');
    expect((await client.get<Pod>('pods', 'default', 'lb')).metadata?.labels).toEqual({ tier: 'be' });
  });
});

describe('describe', () => {
  it('shows a pod’s sections and only the events about it', async () => {
    await k8ts('create', '-f', ts.file('d.yaml', podYaml('dp', { app: 'dp' })));
    const pod = await client.get<Pod>('pods', 'default', 'dp');
    const event = (name: string, uid: string, reason: string) => ({
      metadata: { name },
      involvedObject: { kind: 'Pod', name: 'dp', namespace: 'default', uid },
      reason,
      message: `${reason} happened`,
      type: 'Normal',
      source: { component: 'kubelet' },
      lastTimestamp: new Date().toISOString(),
    });
    await client.create('events', 'default', event('e1', pod.metadata!.uid!, 'Pulled'));
    await client.create('events', 'default', event('e2', 'someone-else', 'Killing'));
    const r = await k8ts('describe', 'pod', 'dp');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Name: +dp\nNamespace: +default\nLabels: +app=dp\n/);
    expect(r.stdout).toMatch(/Containers:\n {2}web:\n {4}Image: +nginx:1.25\n {4}Port: +80\/TCP/);
    expect(r.stdout).toMatch(/Events:\n {2}Type +Reason +Age +From +Message\n {2}-+ +-+/);
    expect(r.stdout).toMatch(/Normal +Pulled +\d+s +kubelet +Pulled happened/);
    expect(r.stdout).not.toContain('Killing');
  });

  it('shows a node’s capacity and an RC’s replicas', async () => {
    await k8ts('create', '-f', ts.file('n.yaml', nodeYaml('node-a')));
    const node = await k8ts('describe', 'no', 'node-a');
    expect(node.stdout).toMatch(/\nCapacity:\n {2}cpu: {5}4\n {2}memory: {2}8Gi\n/);
    expect(node.stdout).toMatch(/\nNon-terminated Pods \(0 in total\): +<none>\nEvents: +<none>\n$/);
    await k8ts('run', 'drc', '--image', 'nginx', '--replicas', '2');
    expect((await k8ts('describe', 'rc/drc')).stdout).toMatch(/Replicas: +0 current \/ 2 desired/);
  });
});
