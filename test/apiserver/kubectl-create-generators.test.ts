// kubectl's typed `create` generators against an in-process apiserver: kubectl 1.32 POSTs their objects as
// protobuf (`application/vnd.kubernetes.protobuf`), so these specs prove src/apiserver/protobuf decodes what
// the real client sends — services of each type, namespaces, `--dry-run=server` — and that kinds k8ts does
// not serve and broken protobuf bodies get a clean error, not a crash.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from './harness';

interface Service {
  metadata: { name: string; labels?: Record<string, string> };
  spec: {
    type: string;
    clusterIP?: string;
    selector?: Record<string, string>;
    externalName?: string;
    ports?: {
      name?: string;
      protocol: string;
      port: number;
      targetPort: number | string;
      nodePort?: number;
    }[];
  };
}

describe('kubectl create generators (protobuf bodies)', () => {
  let t: TestServer;
  const ok = async (args: string[]) => {
    const r = await t.kubectl(args);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  const getSvc = async (name: string) => JSON.parse(await ok(['get', 'svc', name, '-o', 'json'])) as Service;

  beforeAll(async () => {
    t = await startTestServer('sqlite', inject('etcdEndpoints'));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates a ClusterIP service whose ports and selector read back', async () => {
    expect(await ok(['create', 'service', 'clusterip', 'web', '--tcp=80:8080', '--tcp=443:https'])).toBe(
      'service/web created\n',
    );
    const svc = await getSvc('web');
    expect(svc.metadata.labels).toEqual({ app: 'web' });
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.spec.selector).toEqual({ app: 'web' });
    expect(svc.spec.clusterIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(svc.spec.ports).toEqual([
      { name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 },
      { name: '443-https', protocol: 'TCP', port: 443, targetPort: 'https' },
    ]);
    expect(await ok(['get', 'svc', 'web'])).toMatch(/web\s+ClusterIP\s+\S+\s+<none>\s+80\/TCP,443\/TCP/);
  });

  it('creates a NodePort service with an allocated or a requested node port', async () => {
    await ok(['create', 'service', 'nodeport', 'np', '--tcp=5678:8080']);
    const [port] = (await getSvc('np')).spec.ports!;
    expect(port).toMatchObject({ port: 5678, targetPort: 8080 });
    expect(port!.nodePort).toBeGreaterThanOrEqual(30000);
    expect(port!.nodePort).toBeLessThanOrEqual(32767);

    await ok(['create', 'service', 'nodeport', 'np2', '--tcp=80:8080', '--node-port=30123']);
    expect((await getSvc('np2')).spec.ports![0]!.nodePort).toBe(30123);
  });

  it('creates LoadBalancer and ExternalName services', async () => {
    await ok(['create', 'service', 'loadbalancer', 'lb', '--tcp=5678:8080']);
    await ok(['create', 'service', 'externalname', 'ex', '--external-name=example.com']);
    const table = await ok(['get', 'svc', 'lb', 'ex']);
    expect(table).toMatch(/lb\s+LoadBalancer\s+\S+\s+<pending>\s+5678:3\d{4}\/TCP/);
    expect(table).toMatch(/ex\s+ExternalName\s+<none>\s+example\.com\s+<none>/);
  });

  it('creates a headless service (clusterip None)', async () => {
    await ok(['create', 'service', 'clusterip', 'hl', '--clusterip=None']);
    expect((await getSvc('hl')).spec.clusterIP).toBe('None');
  });

  it('creates a namespace, and a service in it', async () => {
    expect(await ok(['create', 'namespace', 'gen'])).toBe('namespace/gen created\n');
    expect(await ok(['get', 'ns', 'gen', '-o', 'jsonpath={.status.phase}'])).toBe('Active');
    await ok(['create', 'service', 'clusterip', 'inns', '--tcp=81', '-n', 'gen']);
    expect(await ok(['get', 'svc', 'inns', '-n', 'gen', '-o', 'jsonpath={.spec.ports[0].port}'])).toBe('81');
  });

  it('--dry-run=server answers with the service and stores nothing', async () => {
    const out = JSON.parse(
      await ok(['create', 'service', 'clusterip', 'dry', '--tcp=80:8080', '--dry-run=server', '-o', 'json']),
    ) as Service;
    expect(out.spec.ports).toEqual([{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }]);
    const get = await t.kubectl(['get', 'svc', 'dry']);
    expect(get.code).toBe(1);
    expect(get.stderr).toContain('services "dry" not found');
  });

  it('fails cleanly for kinds k8ts does not serve', async () => {
    const r = await t.kubectl(['create', 'configmap', 'cm', '--from-literal=a=b']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: failed to create configmap');
  });

  it('answers a malformed protobuf body with a 400 Status', async () => {
    const res = await fetch(`${t.url}/api/v1/namespaces/default/services`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/vnd.kubernetes.protobuf' },
      body: Buffer.from('k8s\0\x0a\xff\xff', 'latin1'),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });
});
