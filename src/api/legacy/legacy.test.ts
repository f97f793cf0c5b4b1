import { describe, expect, it } from 'vitest';
import { thrownStatus as thrown } from '../errors-testing';
import { containerManifestToPod, parseManifests } from './index';

// The seed's style: a YAML manifest the 2014 kubelet read from --manifest-path.
const SEED_MANIFEST = `
version: v1beta1
id: web-server
containers:
  - name: nginx
    image: nginx:1.25
    command: ["nginx", "-g", "daemon off;"]
    workingDir: /srv
    cpu: 100
    memory: 134217728
    ports:
      - name: http
        containerPort: 80
        hostPort: 8080
    env:
      - name: MODE
        value: prod
    volumeMounts:
      - name: logs
        path: /var/log/nginx
        readOnly: true
volumes:
  - name: logs
    source:
      hostDir:
        path: /var/log/web
  - name: scratch
restartPolicy:
  onFailure: {}
`;

describe('containerManifestToPod', () => {
  it('converts the seed-style manifest to a defaulted v1 pod', () => {
    const [pod] = parseManifests(SEED_MANIFEST, '/etc/kubernetes/manifests/web.yaml');
    expect(pod!.metadata).toEqual({ name: 'web-server', namespace: 'default' });
    expect(pod!.spec!.restartPolicy).toBe('OnFailure');
    expect(pod!.spec!.volumes).toEqual([
      { name: 'logs', hostPath: { path: '/var/log/web' } },
      { name: 'scratch', emptyDir: {} },
    ]);
    const c = pod!.spec!.containers[0]!;
    expect(c).toMatchObject({
      name: 'nginx',
      image: 'nginx:1.25',
      command: ['nginx', '-g', 'daemon off;'],
      workingDir: '/srv',
      ports: [{ name: 'http', containerPort: 80, hostPort: 8080, protocol: 'TCP' }],
      env: [{ name: 'MODE', value: 'prod' }],
      volumeMounts: [{ name: 'logs', mountPath: '/var/log/nginx', readOnly: true }],
      resources: { limits: { cpu: '100m', memory: '134217728' } },
      imagePullPolicy: 'IfNotPresent',
    });
  });

  it.each([
    [{ always: {} }, 'Always'],
    [{ onFailure: {} }, 'OnFailure'],
    [{ never: {} }, 'Never'],
    ['Never', 'Never'],
    [undefined, 'Always'],
  ])('restartPolicy %j → %s', (policy, expected) => {
    const pod = containerManifestToPod({
      version: 'v1beta1',
      id: 'a',
      containers: [{ name: 'c', image: 'busybox' }],
      restartPolicy: policy,
    });
    expect(pod.spec!.restartPolicy).toBe(expected);
  });

  it('keeps uuid as the pod uid, and maps 2014 pull policies and probes', () => {
    const pod = containerManifestToPod({
      version: 'v1beta2',
      id: 'probe',
      uuid: '1f2e',
      containers: [
        {
          name: 'c',
          image: 'busybox',
          imagePullPolicy: 'PullNever',
          ports: [{ containerPort: 53, protocol: 'udp' }],
          livenessProbe: {
            type: 'http',
            httpGet: { path: '/healthz', port: '8080' },
            initialDelaySeconds: 5,
          },
        },
      ],
    });
    expect(pod.metadata!.uid).toBe('1f2e');
    const c = pod.spec!.containers[0]!;
    expect(c.imagePullPolicy).toBe('Never');
    expect(c.ports![0]!.protocol).toBe('UDP');
    expect(c.livenessProbe).toMatchObject({
      httpGet: { path: '/healthz', port: 8080 },
      initialDelaySeconds: 5,
    });
  });

  it.each([
    [{ id: 'a', containers: [] }, 'ContainerManifest "a" is invalid: version: Required value'],
    [
      { version: 'v1beta3', id: 'a' },
      'ContainerManifest "a" is invalid: version: Unsupported value: "v1beta3": supported values: "v1beta1", "v1beta2"',
    ],
    [
      { version: 'v1beta1', containers: [{ name: 'c', image: 'i' }] },
      'ContainerManifest "" is invalid: id: Required value',
    ],
    [
      { version: 'v1beta1', id: 'a', containers: 'nginx' },
      'ContainerManifest "a" is invalid: containers: Invalid value: "nginx": must be an array',
    ],
    [
      {
        version: 'v1beta1',
        id: 'a',
        containers: [{ name: 'c', image: 'i', ports: [{ containerPort: '80' }] }],
      },
      'ContainerManifest "a" is invalid: containers[0].ports[0].containerPort: Invalid value: "80": must be an integer',
    ],
    [
      { version: 'v1beta1', id: 'a', containers: [{ name: 'c' }] },
      'ContainerManifest "a" is invalid: containers[0].image: Required value',
    ],
    [
      { version: 'v1beta1', id: 'Bad_Id', containers: [{ name: 'c', image: 'i' }] },
      'ContainerManifest "Bad_Id" is invalid: id: Invalid value: "Bad_Id": a lowercase RFC 1123 subdomain',
    ],
    [
      {
        version: 'v1beta1',
        id: 'a',
        containers: [{ name: 'c', image: 'i', volumeMounts: [{ name: 'data', path: '/d' }] }],
      },
      'ContainerManifest "a" is invalid: containers[0].volumeMounts[0].name: Not found: "data"',
    ],
    [
      {
        version: 'v1beta1',
        id: 'a',
        containers: [{ name: 'c', image: 'i' }],
        volumes: [{ name: 'v', source: { hostDir: {} } }],
      },
      'ContainerManifest "a" is invalid: volumes[0].source.hostDir.path: Required value',
    ],
    [
      { version: 'v1beta1', id: 'a', containers: [{ name: 'c', image: 'i', cpu: 'lots' }] },
      'ContainerManifest "a" is invalid: containers[0].cpu: Invalid value: "lots"',
    ],
    [
      {
        version: 'v1beta1',
        id: 'a',
        containers: [{ name: 'c', image: 'i' }],
        restartPolicy: { sometimes: {} },
      },
      'ContainerManifest "a" is invalid: restartPolicy: Invalid value',
    ],
  ])('rejects %j', (manifest, message) => {
    const err = thrown(() => containerManifestToPod(manifest));
    expect(err.code).toBe(422);
    expect(err.reason).toBe('Invalid');
    expect(err.message.startsWith(message)).toBe(true);
  });
});

describe('parseManifests', () => {
  const manifest = (id: string) =>
    `{"version": "v1beta1", "id": "${id}", "containers": [{"name": "c", "image": "busybox"}]}`;
  const v1Pod = `apiVersion: v1\nkind: Pod\nmetadata: {name: v1-pod}\nspec:\n  containers: [{name: c, image: "busybox:1"}]\n`;

  it('reads JSON', () => {
    expect(parseManifests(manifest('json'), 'x.json').map((p) => p.metadata!.name)).toEqual(['json']);
  });

  it('reads several YAML documents, mixing 2014 manifests and v1 pods, skipping empty ones', () => {
    const text = `${manifest('one')}\n---\n${v1Pod}---\n`;
    const pods = parseManifests(text, 'multi.yaml');
    expect(pods.map((p) => p.metadata!.name)).toEqual(['one', 'v1-pod']);
    expect(pods[1]!.metadata!.namespace).toBe('default');
    expect(pods[1]!.spec!.restartPolicy).toBe('Always');
  });

  it('keeps the namespace a v1 pod names', () => {
    const [pod] = parseManifests(
      v1Pod.replace('{name: v1-pod}', '{name: v1-pod, namespace: kube-system}'),
      'p.yaml',
    );
    expect(pod!.metadata!.namespace).toBe('kube-system');
  });

  it('reads a YAML list and a v1 List', () => {
    expect(parseManifests(`- ${manifest('a')}\n- ${manifest('b')}\n`, 'list.yaml')).toHaveLength(2);
    const list = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [JSON.parse(manifest('c')), JSON.parse(manifest('d'))],
    });
    expect(parseManifests(list, 'list.json').map((p) => p.metadata!.name)).toEqual(['c', 'd']);
  });

  it('names the source, document and item of a bad entry', () => {
    const text = `${manifest('ok')}\n---\n- ${manifest('fine')}\n- {"version": "v1beta1", "id": "bad", "containers": [{"name": "c"}]}\n`;
    const err = thrown(() => parseManifests(text, '/etc/k8ts/manifests/app.yaml'));
    expect(err.code).toBe(422);
    expect(err.message).toBe(
      '/etc/k8ts/manifests/app.yaml: document 2, item 2: ContainerManifest "bad" is invalid: containers[0].image: Required value',
    );
  });

  it('rejects unreadable YAML and unknown kinds with 400', () => {
    const bad = thrown(() => parseManifests('id: [unclosed', 'broken.yaml'));
    expect(bad.code).toBe(400);
    expect(bad.message).toMatch(/^broken\.yaml: document 1: /);
    const svc = thrown(() =>
      parseManifests('apiVersion: v1\nkind: Service\nmetadata: {name: s}\n', 'svc.yaml'),
    );
    expect(svc.code).toBe(400);
    expect(svc.message).toBe(
      'svc.yaml: document 1: expected a v1beta1 ContainerManifest (with "version") or a v1 Pod (apiVersion "v1", kind "Pod"), got apiVersion "v1", kind "Service"',
    );
  });

  it('returns nothing for an empty file', () => {
    expect(parseManifests('', 'empty.yaml')).toEqual([]);
  });
});
