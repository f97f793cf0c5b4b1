import { afterEach, describe, expect, it } from 'vitest';
import type { StatusError } from '../../api/errors';
import type { KubeObject, ServicePort, ServiceSpec } from '../../api/types';
import { MemoryStore } from '../../storage/memory';
import { fixture, newHarness, type Harness } from '../registry-testing';

const ctx = { namespace: 'default' };
const portsOf = (svc: KubeObject) => (svc.spec as ServiceSpec).ports!;
const nodePorts = (svc: KubeObject) => portsOf(svc).map((p) => p.nodePort);
const svc = (name: string, type = 'NodePort', ports: ServicePort[] = [{ port: 80 }]) => ({
  ...fixture('services', name),
  spec: { selector: { app: 'web' }, type, ports },
});
const failure = (p: Promise<unknown>) =>
  p.then(() => expect.fail('should be refused')).catch((e) => e as StatusError);

let harnesses: Harness[] = [];
const open = async (store = new MemoryStore(), range = '30000-30009') => {
  const h = await newHarness({ serviceNodePortRange: range }, store);
  harnesses.push(h);
  return h;
};
afterEach(async () => {
  for (const h of harnesses) await h.registry.close();
  harnesses = [];
});

describe('service node ports', () => {
  it('gives every port of a NodePort or LoadBalancer service a distinct node port; ClusterIP none', async () => {
    const h = await open();
    const a = await h.r('services').create(
      ctx,
      svc('a', 'NodePort', [
        { name: 'http', port: 80 },
        { name: 'https', port: 443 },
      ]),
    );
    const b = await h.r('services').create(ctx, svc('b', 'LoadBalancer'));
    const c = await h.r('services').create(ctx, svc('c', 'ClusterIP'));
    expect(nodePorts(a)).toEqual([30000, 30001]);
    expect(nodePorts(b)).toEqual([30002]);
    expect(nodePorts(c)).toEqual([undefined]);
    expect(await h.r('services').get(ctx, 'a')).toMatchObject({
      spec: { ports: [{ nodePort: 30000 }, { nodePort: 30001 }] },
    });
  });

  it('honours a free explicit node port and refuses a taken or out-of-range one as Kubernetes does', async () => {
    const h = await open(undefined, '30000-32767');
    expect(
      nodePorts(await h.r('services').create(ctx, svc('a', 'NodePort', [{ port: 80, nodePort: 30080 }]))),
    ).toEqual([30080]);
    const taken = await failure(
      h.r('services').create(ctx, svc('b', 'NodePort', [{ port: 80, nodePort: 30080 }])),
    );
    expect([taken.code, taken.message]).toEqual([
      422,
      'Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    ]);
    const outside = await failure(
      h.r('services').create(
        ctx,
        svc('c', 'NodePort', [
          { name: 'x', port: 80 },
          { name: 'y', port: 81, nodePort: 80 },
        ]),
      ),
    );
    expect(outside.message).toBe(
      'Service "c" is invalid: spec.ports[1].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
    const onClusterIp = await failure(
      h.r('services').create(ctx, svc('d', 'ClusterIP', [{ port: 80, nodePort: 30081 }])),
    );
    expect(onClusterIp.message).toBe(
      'Service "d" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is \'ClusterIP\'',
    );
    // Nothing the refused creates asked for was kept: their free ports and IPs are still free.
    expect(
      nodePorts(await h.r('services').create(ctx, svc('e', 'NodePort', [{ port: 80, nodePort: 30081 }]))),
    ).toEqual([30081]);
  });

  it('shares one node port between the TCP and UDP entries of one port number', async () => {
    const h = await open();
    const dns = await h.r('services').create(
      ctx,
      svc('dns', 'NodePort', [
        { name: 'dns-tcp', port: 53, protocol: 'TCP' },
        { name: 'dns-udp', port: 53, protocol: 'UDP' },
      ]),
    );
    expect(nodePorts(dns)).toEqual([30000, 30000]);
    await h.r('services').delete(ctx, 'dns', {});
    const next = await h.r('services').create(ctx, svc('next', 'NodePort', [{ port: 80, nodePort: 30000 }]));
    expect(nodePorts(next)).toEqual([30000]);
  });

  it('releases node ports on delete, and a full range is a 500 that leaves nothing allocated', async () => {
    const h = await open(undefined, '30000-30001');
    await h.r('services').create(
      ctx,
      svc('a', 'NodePort', [
        { name: 'p', port: 80 },
        { name: 'q', port: 81 },
      ]),
    );
    const full = await failure(h.r('services').create(ctx, svc('b')));
    expect([full.code, full.message]).toEqual([
      500,
      'Internal error occurred: failed to allocate a nodePort: range is full: no node ports left in 30000-30001',
    ]);
    await h.r('services').delete(ctx, 'a', {});
    expect(nodePorts(await h.r('services').create(ctx, svc('b')))).toEqual([30000]);
  });

  it('keeps node ports across updates that omit them, and frees them when the type turns ClusterIP', async () => {
    const h = await open();
    const a = await h.r('services').create(ctx, svc('a'));
    // kubectl apply sends the spec without the allocated node port: it is kept.
    const { object: applied } = await h.r('services').update(ctx, 'a', { ...svc('a'), metadata: a.metadata });
    expect(nodePorts(applied)).toEqual([30000]);
    const { object: clusterIp } = await h
      .r('services')
      .patch(ctx, 'a', 'merge', { spec: { type: 'ClusterIP' } });
    expect(nodePorts(clusterIp)).toEqual([undefined]);
    expect(nodePorts(await h.r('services').create(ctx, svc('b')))).toEqual([30001]);
    const { object: back } = await h.r('services').patch(ctx, 'a', 'merge', { spec: { type: 'NodePort' } });
    expect(nodePorts(back)).toEqual([30002]);
    // The cursor moves on, but 30000 was freed by the type change: the range wraps round to it.
    for (let i = 0; i < 7; i++) await h.r('services').create(ctx, svc(`f${i}`));
    expect(nodePorts(await h.r('services').create(ctx, svc('wrapped')))).toEqual([30000]);
  });

  it('moves a node port on an explicit change, refusing a taken one without losing the old', async () => {
    const h = await open();
    await h.r('services').create(ctx, svc('a', 'NodePort', [{ port: 80, nodePort: 30005 }]));
    await h.r('services').create(ctx, svc('b', 'NodePort', [{ port: 80, nodePort: 30006 }]));
    const move = (nodePort: number) =>
      h.r('services').patch(ctx, 'a', 'strategic', { spec: { ports: [{ port: 80, nodePort }] } });
    const e = await failure(move(30006));
    expect(e.message).toBe(
      'Service "a" is invalid: spec.ports[0].nodePort: Invalid value: 30006: provided port is already allocated',
    );
    expect(nodePorts((await move(30007)).object)).toEqual([30007]);
    // 30005 went back to the range; 30007 is held by a now.
    expect(
      nodePorts(await h.r('services').create(ctx, svc('c', 'NodePort', [{ port: 80, nodePort: 30005 }]))),
    ).toEqual([30005]);
    expect(
      (await failure(h.r('services').create(ctx, svc('d', 'NodePort', [{ port: 80, nodePort: 30007 }]))))
        .code,
    ).toBe(422);
  });

  it('allocates nothing on dryRun, and survives a restart on the same store', async () => {
    const store = new MemoryStore();
    const h = await open(store);
    const dry = await h.r('services').create({ ...ctx, dryRun: true }, svc('a'));
    expect(nodePorts(dry)).toEqual([30000]);
    expect(nodePorts(await h.r('services').create(ctx, svc('a')))).toEqual([30000]);
    await h.registry.close();
    const again = await open(store);
    expect(
      nodePorts(await again.r('services').create(ctx, svc('b', 'NodePort', [{ port: 80 }]))),
    ).not.toEqual([30000]);
  });

  it('never gives one node port to two services created at once', async () => {
    const store = new MemoryStore();
    const [a, b] = [await open(store, '30000-30099'), await open(store, '30000-30099')];
    const made = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).r('services').create(ctx, svc(`s${i}`))),
    );
    expect(new Set(made.flatMap(nodePorts)).size).toBe(30);
  });
});
