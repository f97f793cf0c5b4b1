// Per-resource field sets: the values an object exposes and the refusal of fields a resource lacks.
import { describe, expect, it } from 'vitest';
import { fieldsOf, parseFieldSelector, supportedFields, unsupportedFieldErrors } from './index';

describe('fieldsOf', () => {
  it('exposes pod scheduling and status fields', () => {
    const pod = {
      metadata: { name: 'web', namespace: 'prod' },
      spec: { nodeName: 'n1', restartPolicy: 'Always', schedulerName: 'default-scheduler', containers: [] },
      status: { phase: 'Running', podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }] },
    };
    expect(fieldsOf('pods', pod)).toEqual({
      'metadata.name': 'web',
      'metadata.namespace': 'prod',
      'spec.nodeName': 'n1',
      'spec.restartPolicy': 'Always',
      'spec.schedulerName': 'default-scheduler',
      'spec.serviceAccountName': '',
      'spec.hostNetwork': 'false',
      'status.phase': 'Running',
      'status.podIP': '10.244.1.5',
      'status.nominatedNodeName': '',
    });
  });

  it('lets kubectl find unscheduled pods with spec.nodeName=', () => {
    const sel = parseFieldSelector('spec.nodeName=');
    expect(sel.matches(fieldsOf('pods', { metadata: { name: 'p' }, spec: {} }))).toBe(true);
    expect(sel.matches(fieldsOf('pods', { metadata: { name: 'p' }, spec: { nodeName: 'n1' } }))).toBe(false);
  });

  it('exposes event fields, falling back to reportingComponent for source', () => {
    const ev = {
      metadata: { name: 'e1', namespace: 'default' },
      involvedObject: {
        kind: 'Pod',
        name: 'web',
        namespace: 'default',
        uid: 'u1',
        apiVersion: 'v1',
        fieldPath: 'spec.containers{c}',
      },
      reason: 'Pulled',
      type: 'Normal',
      reportingComponent: 'kubelet',
    };
    const f = fieldsOf('events', ev);
    expect(f['involvedObject.kind']).toBe('Pod');
    expect(f['involvedObject.fieldPath']).toBe('spec.containers{c}');
    expect(f['involvedObject.resourceVersion']).toBe('');
    expect(f.source).toBe('kubelet');
    expect(f.reportingComponent).toBe('kubelet');
    expect(parseFieldSelector('involvedObject.name=web,type=Normal').matches(f)).toBe(true);
  });

  it('exposes nodes, namespaces, replication controllers and services', () => {
    expect(fieldsOf('nodes', { metadata: { name: 'n1' } })).toEqual({
      'metadata.name': 'n1',
      'spec.unschedulable': 'false',
    });
    expect(
      fieldsOf('nodes', { metadata: { name: 'n1' }, spec: { unschedulable: true } })['spec.unschedulable'],
    ).toBe('true');
    expect(fieldsOf('namespaces', { metadata: { name: 'ns' }, status: { phase: 'Terminating' } })).toEqual({
      'metadata.name': 'ns',
      'status.phase': 'Terminating',
    });
    expect(
      fieldsOf('replicationcontrollers', {
        metadata: { name: 'rc', namespace: 'd' },
        status: { replicas: 3 },
      })['status.replicas'],
    ).toBe('3');
    expect(fieldsOf('replicationcontrollers', { metadata: { name: 'rc' } })['status.replicas']).toBe('0');
    expect(
      fieldsOf('services', { metadata: { name: 's' }, spec: { clusterIP: '10.96.0.10', type: 'ClusterIP' } }),
    ).toMatchObject({
      'spec.clusterIP': '10.96.0.10',
      'spec.type': 'ClusterIP',
    });
  });

  it('gives endpoints and unknown kinds only metadata fields', () => {
    expect(fieldsOf('endpoints', { metadata: { name: 'e', namespace: 'd' } })).toEqual({
      'metadata.name': 'e',
      'metadata.namespace': 'd',
    });
  });
});

describe('supportedFields and unsupportedFieldErrors', () => {
  it('lists what each resource supports', () => {
    expect(supportedFields('nodes')).toEqual(['metadata.name', 'spec.unschedulable']);
    expect(supportedFields('services')).toEqual([
      'metadata.name',
      'metadata.namespace',
      'spec.clusterIP',
      'spec.type',
    ]);
    expect(supportedFields('pods')).toContain('status.phase');
  });

  it('refuses unknown fields with Kubernetes wording, once per field', () => {
    expect(unsupportedFieldErrors('pods', parseFieldSelector('foo=1,status.phase=Running,foo!=2'))).toEqual([
      'field label not supported: foo',
    ]);
    expect(unsupportedFieldErrors('nodes', parseFieldSelector('metadata.namespace=x'))).toEqual([
      'field label not supported: metadata.namespace',
    ]);
    expect(
      unsupportedFieldErrors('events', parseFieldSelector('involvedObject.uid=u,reason=Killing')),
    ).toEqual([]);
  });
});
