import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isConflict, type StatusError } from '../../api/errors';
import { fixture, newHarness, type Harness } from '../registry-testing';

let h: Harness;
const ctx = { namespace: 'default' };
beforeEach(async () => {
  h = await newHarness();
});
afterEach(() => h.registry.close());
const sub = (r: string, s: string) => h.registry.subresource(r, s)!;

describe('pods/binding', () => {
  it('binds once, recording PodScheduled, and answers 409 the second time', async () => {
    await h.r('pods').create(ctx, fixture('pods'));
    const binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: 'web' },
      target: { kind: 'Node', name: 'node-1' },
    };
    expect(await sub('pods', 'binding').create!(ctx, 'web', binding)).toMatchObject({
      kind: 'Status',
      status: 'Success',
      code: 201,
    });
    const pod = await h.r('pods').get(ctx, 'web');
    expect(pod.spec).toMatchObject({ nodeName: 'node-1' });
    expect(pod.status).toMatchObject({
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }],
    });
    const again: StatusError = await sub('pods', 'binding').create!(ctx, 'web', {
      ...binding,
      target: { name: 'node-2' },
    }).catch((e) => e);
    expect(isConflict(again) && again.message).toBe(
      'Operation cannot be fulfilled on pods/binding "web": pod web is already assigned to node "node-1"',
    );
  });

  it('needs a target node', async () => {
    await h.r('pods').create(ctx, fixture('pods'));
    const e: StatusError = await sub('pods', 'binding').create!(ctx, 'web', {
      metadata: { name: 'web' },
      target: {},
    }).catch((x) => x);
    expect(e.code).toBe(422);
  });
});

describe('replicationcontrollers/scale', () => {
  it('reads the RC as an autoscaling/v1 Scale with a selector string', async () => {
    await h.r('replicationcontrollers').create(ctx, fixture('replicationcontrollers'));
    const scale = await sub('replicationcontrollers', 'scale').get!(ctx, 'web');
    expect(scale).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 2 },
      status: { replicas: 0, selector: 'app=web' },
    });
  });

  it("scales with kubectl scale's merge patch and with a PUT guarded by resourceVersion", async () => {
    await h.r('replicationcontrollers').create(ctx, fixture('replicationcontrollers'));
    const patched = await sub('replicationcontrollers', 'scale').patch!(ctx, 'web', 'merge', {
      spec: { replicas: 3 },
    });
    expect(patched.spec).toEqual({ replicas: 3 });
    expect((await h.r('replicationcontrollers').get(ctx, 'web')).spec).toMatchObject({ replicas: 3 });
    const stale = {
      ...patched,
      metadata: { ...patched.metadata, resourceVersion: '2' },
      spec: { replicas: 9 },
    };
    await expect(sub('replicationcontrollers', 'scale').update!(ctx, 'web', stale)).rejects.toSatisfy(
      isConflict,
    );
    const put = await sub('replicationcontrollers', 'scale').update!(ctx, 'web', {
      ...patched,
      spec: { replicas: 1 },
    });
    expect(put.spec).toEqual({ replicas: 1 });
    const negative: StatusError = await sub('replicationcontrollers', 'scale').patch!(ctx, 'web', 'merge', {
      spec: { replicas: -1 },
    }).catch((e) => e);
    expect(negative.code).toBe(422);
  });

  it('reports status.replicas written through replicationcontrollers/status', async () => {
    await h.r('replicationcontrollers').create(ctx, fixture('replicationcontrollers'));
    await sub('replicationcontrollers', 'status').patch!(ctx, 'web', 'merge', { status: { replicas: 2 } });
    expect((await sub('replicationcontrollers', 'scale').get!(ctx, 'web')).status).toMatchObject({
      replicas: 2,
    });
  });
});

describe('nodes/status', () => {
  it('changes the status only', async () => {
    const node = await h.r('nodes').create({}, fixture('nodes', 'n1'));
    const ready = [{ type: 'Ready', status: 'True' }];
    const updated = await sub('nodes', 'status').update!({}, 'n1', {
      ...node,
      spec: { unschedulable: true },
      status: { ...(node.status as object), conditions: ready },
    });
    expect(updated.status).toMatchObject({ conditions: ready });
    expect(updated.spec).toEqual(node.spec);
  });
});
