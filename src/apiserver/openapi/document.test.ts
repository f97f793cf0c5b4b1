import { describe, expect, it } from 'vitest';
import { openApiV3CoreV1, openApiV3Root } from './document';
import { resolve, type Schema } from './schemas';

type Doc = {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: { name: string; in: string }[]; requestBody?: unknown } & Record<string, unknown>
    >
  >;
  components: { schemas: Record<string, Schema> };
};
const doc = () => openApiV3CoreV1() as Doc;

const KINDS: [string, string, string][] = [
  ['', 'v1', 'Pod'],
  ['', 'v1', 'Service'],
  ['', 'v1', 'ReplicationController'],
  ['', 'v1', 'Endpoints'],
  ['', 'v1', 'Event'],
  ['', 'v1', 'Node'],
  ['', 'v1', 'Namespace'],
  ['', 'v1', 'Binding'],
  ['autoscaling', 'v1', 'Scale'],
];

describe('openApiV3Root', () => {
  it('points at the core/v1 document with a hash of its content', () => {
    const root = openApiV3Root() as { paths: Record<string, { serverRelativeURL: string }> };
    expect(Object.keys(root.paths)).toEqual(['api/v1']);
    expect(root.paths['api/v1']!.serverRelativeURL).toMatch(/^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{128}$/);
    expect(openApiV3Root()).toEqual(root);
  });
});

describe('openApiV3CoreV1', () => {
  it('is built once', () => {
    expect(openApiV3CoreV1()).toBe(openApiV3CoreV1());
  });

  it.each(KINDS)(
    'has a PATCH for %s/%s %s with its GVK, fieldValidation and no requestBody',
    (group, version, kind) => {
      const patches = Object.values(doc().paths)
        .map((p) => p.patch)
        .filter(
          (op) =>
            op &&
            JSON.stringify(op['x-kubernetes-group-version-kind']) ===
              JSON.stringify({ group, version, kind }),
        );
      expect(patches).toHaveLength(1);
      expect(patches[0]!.parameters).toContainEqual(
        expect.objectContaining({ name: 'fieldValidation', in: 'query' }),
      );
      expect(patches[0]!.requestBody).toBeUndefined();
    },
  );

  it.each(KINDS)('has a schema for %s/%s %s tagged with its GVK', (group, version, kind) => {
    const tagged = Object.values(doc().components.schemas).filter((s) =>
      s['x-kubernetes-group-version-kind']?.some(
        (g) => g.group === group && g.version === version && g.kind === kind,
      ),
    );
    expect(tagged).toHaveLength(1);
    expect(tagged[0]!.description).toBeTruthy();
  });

  it('resolves pod → spec → containers → Container with descriptions (what kubectl explain walks)', () => {
    const pod = doc().components.schemas['io.k8s.api.core.v1.Pod']!;
    expect(pod.description).toMatch(/^Pod is a collection of containers/);
    const spec = pod.properties!.spec!;
    expect(spec.allOf?.[0]?.$ref).toBe('#/components/schemas/io.k8s.api.core.v1.PodSpec');
    expect(spec.description).toMatch(/Specification of the desired behavior of the pod/);
    const containers = resolve(spec).properties!.containers!;
    expect(containers.type).toBe('array');
    expect(containers.description).toMatch(/List of containers belonging to the pod/);
    const container = resolve(containers.items!);
    expect(container.required).toEqual(['name']);
    expect(container.properties!.image!.type).toBe('string');
    expect(container.properties!.image!.description).toMatch(/Container image name/);
  });

  it('types integers, int-or-string, quantities, maps and times as Kubernetes does', () => {
    const s = doc().components.schemas;
    expect(s['io.k8s.api.core.v1.ContainerPort']!.properties!.containerPort).toMatchObject({
      type: 'integer',
      format: 'int32',
    });
    expect(s['io.k8s.api.core.v1.PodSpec']!.properties!.terminationGracePeriodSeconds).toMatchObject({
      type: 'integer',
      format: 'int64',
    });
    expect(
      resolve(s['io.k8s.api.core.v1.ServicePort']!.properties!.targetPort!)['x-kubernetes-int-or-string'],
    ).toBe(true);
    expect(s['io.k8s.apimachinery.pkg.api.resource.Quantity']!.oneOf).toEqual([
      { type: 'string' },
      { type: 'number' },
    ]);
    expect(s['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']!.properties!.labels).toMatchObject({
      type: 'object',
      additionalProperties: { type: 'string' },
    });
    expect(s['io.k8s.apimachinery.pkg.apis.meta.v1.Time']).toMatchObject({
      type: 'string',
      format: 'date-time',
    });
  });

  it('holds only types reachable from the served kinds', () => {
    const names = Object.keys(doc().components.schemas);
    expect(names).not.toContain('io.k8s.api.core.v1.PersistentVolume');
    expect(names).not.toContain('io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler');
    for (const text of [JSON.stringify(doc())]) {
      for (const m of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) expect(names).toContain(m[1]);
    }
  });
});
