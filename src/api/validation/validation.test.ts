import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types';
import { validateObject } from './index';
import * as fx from './test-fixtures';

const SUBDOMAIN = String.raw`a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
const LABEL = `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`;
const DNS1035 = `a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`;
const LABEL_VALUE = `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`;
const KEY_NAME = `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`;
const ENV_NAME = `a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`;
const PORT_RANGE = 'must be between 1 and 65535, inclusive';
const C0 = 'spec.containers[0]';

type Any = any;
type Case = [title: string, kind: string, make: () => unknown, expected: string[]];

/** A fixture with one change applied: the change is the case's whole story. */
function with_<T>(make: () => T, change: (o: Any) => void): () => unknown {
  return () => {
    const o = make() as Any;
    change(o);
    return o;
  };
}

const valid: Case[] = [
  ['pod', 'Pod', fx.pod, []],
  [
    'pod with generateName only',
    'Pod',
    with_(fx.pod, (p) => (p.metadata = { generateName: 'web-', namespace: 'default' })),
    [],
  ],
  [
    'pod with hostPath volume',
    'Pod',
    with_(fx.pod, (p) => (p.spec.volumes = [{ name: 'data', hostPath: { path: '/var/data' } }])),
    [],
  ],
  [
    'pod with named targetable port and probe',
    'Pod',
    with_(fx.pod, (p) => (p.spec.containers[0].livenessProbe = { httpGet: { path: '/', port: 'http' } })),
    [],
  ],
  ['service', 'Service', fx.service, []],
  [
    'headless service without ports',
    'Service',
    with_(fx.service, (s) => ((s.spec.clusterIP = 'None'), delete s.spec.ports)),
    [],
  ],
  [
    'NodePort service',
    'Service',
    with_(fx.service, (s) => ((s.spec.type = 'NodePort'), (s.spec.ports[0].nodePort = 30080))),
    [],
  ],
  [
    'service with named target port',
    'Service',
    with_(fx.service, (s) => (s.spec.ports[0].targetPort = 'http')),
    [],
  ],
  ['replication controller', 'ReplicationController', fx.rc, []],
  ['namespace', 'Namespace', fx.namespace, []],
  ['node', 'Node', fx.node, []],
  ['endpoints', 'Endpoints', fx.endpoints, []],
  [
    'endpoints on loopback (k8ts allows it)',
    'Endpoints',
    with_(fx.endpoints, (e) => (e.subsets[0].addresses[0].ip = '127.0.0.1')),
    [],
  ],
  ['event', 'Event', fx.event, []],
  [
    'event in default about a node',
    'Event',
    with_(fx.event, (e) => (e.involvedObject = { kind: 'Node', name: 'node-1' })),
    [],
  ],
  ['binding', 'Binding', fx.binding, []],
];

const invalid: Case[] = [
  // --- metadata
  [
    'bad pod name',
    'Pod',
    with_(fx.pod, (p) => (p.metadata.name = 'Foo_1')),
    [`metadata.name: Invalid value: "Foo_1": ${SUBDOMAIN}`],
  ],
  [
    'missing name',
    'Pod',
    with_(fx.pod, (p) => delete p.metadata.name),
    ['metadata.name: Required value: name or generateName is required'],
  ],
  [
    'missing metadata',
    'Pod',
    with_(fx.pod, (p) => delete p.metadata),
    ['metadata.name: Required value: name or generateName is required', 'metadata.namespace: Required value'],
  ],
  [
    'name too long',
    'Pod',
    with_(fx.pod, (p) => (p.metadata.name = 'a'.repeat(254))),
    [`metadata.name: Invalid value: "${'a'.repeat(254)}": must be no more than 253 characters`],
  ],
  [
    'bad generateName',
    'Pod',
    with_(fx.pod, (p) => (p.metadata = { generateName: 'Web-', namespace: 'default' })),
    [`metadata.generateName: Invalid value: "Web-": ${SUBDOMAIN}`],
  ],
  [
    'namespace required',
    'Pod',
    with_(fx.pod, (p) => delete p.metadata.namespace),
    ['metadata.namespace: Required value'],
  ],
  [
    'bad namespace',
    'Pod',
    with_(fx.pod, (p) => (p.metadata.namespace = 'my.ns')),
    ['metadata.namespace: Invalid value: "my.ns": must not contain dots'],
  ],
  [
    'namespace on a node',
    'Node',
    with_(fx.node, (n) => (n.metadata.namespace = 'default')),
    ['metadata.namespace: Forbidden: not allowed on this type'],
  ],
  [
    'bad label value',
    'Pod',
    with_(fx.pod, (p) => (p.metadata.labels = { app: 'web!' })),
    [`metadata.labels: Invalid value: "web!": ${LABEL_VALUE}`],
  ],
  [
    'bad label key',
    'Pod',
    with_(fx.pod, (p) => (p.metadata.labels = { '-app': 'web' })),
    [`metadata.labels: Invalid value: "-app": ${KEY_NAME}`],
  ],
  [
    'label value too long',
    'Pod',
    with_(fx.pod, (p) => (p.metadata.labels = { app: 'x'.repeat(64) })),
    [`metadata.labels: Invalid value: "${'x'.repeat(64)}": must be no more than 63 characters`],
  ],
  [
    'annotations too large',
    'Pod',
    with_(fx.pod, (p) => (p.metadata.annotations = { big: 'x'.repeat(262144) })),
    ['metadata.annotations: Too long: may not be more than 262144 bytes'],
  ],
  [
    'bad annotation key',
    'Pod',
    with_(fx.pod, (p) => (p.metadata.annotations = { 'a/b/c': 'x' })),
    [
      `metadata.annotations: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ],
  ],
  // --- pod spec
  [
    'no containers',
    'Pod',
    with_(fx.pod, (p) => (p.spec.containers = [])),
    ['spec.containers: Required value'],
  ],
  [
    'containers not a list',
    'Pod',
    with_(fx.pod, (p) => (p.spec.containers = 'nginx')),
    ['spec.containers: Invalid value: "nginx": must be an array'],
  ],
  [
    'container name missing',
    'Pod',
    with_(fx.pod, (p) => delete p.spec.containers[0].name),
    [`${C0}.name: Required value`],
  ],
  [
    'container name not a label',
    'Pod',
    with_(fx.pod, (p) => (p.spec.containers[0].name = 'Web_1')),
    [`${C0}.name: Invalid value: "Web_1": ${LABEL}`],
  ],
  [
    'duplicate container names',
    'Pod',
    with_(fx.pod, (p) => p.spec.containers.push({ ...p.spec.containers[0], ports: [] })),
    ['spec.containers[1].name: Duplicate value: "nginx"'],
  ],
  [
    'image missing',
    'Pod',
    with_(fx.pod, (p) => delete p.spec.containers[0].image),
    [`${C0}.image: Required value`],
  ],
  [
    'containerPort 0',
    'Pod',
    with_(fx.pod, (p) => (p.spec.containers[0].ports[0].containerPort = 0)),
    [`${C0}.ports[0].containerPort: Required value`],
  ],
  [
    'containerPort too big',
    'Pod',
    with_(fx.pod, (p) => (p.spec.containers[0].ports[0].containerPort = 70000)),
    [`${C0}.ports[0].containerPort: Invalid value: 70000: ${PORT_RANGE}`],
  ],
  [
    'hostPort out of range',
    'Pod',
    with_(fx.pod, (p) => (p.spec.containers[0].ports[0].hostPort = -1)),
    [`${C0}.ports[0].hostPort: Invalid value: -1: ${PORT_RANGE}`],
  ],
  [
    'protocol unsupported',
    'Pod',
    with_(fx.pod, (p) => (p.spec.containers[0].ports[0].protocol = 'FOO')),
    [`${C0}.ports[0].protocol: Unsupported value: "FOO": supported values: "SCTP", "TCP", "UDP"`],
  ],
  [
    'protocol missing',
    'Pod',
    with_(fx.pod, (p) => delete p.spec.containers[0].ports[0].protocol),
    [`${C0}.ports[0].protocol: Required value`],
  ],
  [
    'port name too long',
    'Pod',
    with_(fx.pod, (p) => (p.spec.containers[0].ports[0].name = 'a-very-long-port-name')),
    [`${C0}.ports[0].name: Invalid value: "a-very-long-port-name": must be no more than 15 characters`],
  ],
  [
    'port name without letters',
    'Pod',
    with_(fx.pod, (p) => (p.spec.containers[0].ports[0].name = '8080')),
    [`${C0}.ports[0].name: Invalid value: "8080": must contain at least one letter (a-z)`],
  ],
  [
    'port name with double hyphen',
    'Pod',
    with_(fx.pod, (p) => (p.spec.containers[0].ports[0].name = 'a--b')),
    [`${C0}.ports[0].name: Invalid value: "a--b": must not contain consecutive hyphens`],
  ],
  [
    'duplicate port names',
    'Pod',
    with_(fx.pod, (p) =>
      p.spec.containers[0].ports.push({ name: 'http', containerPort: 81, protocol: 'TCP' }),
    ),
    [`${C0}.ports[1].name: Duplicate value: "http"`],
  ],
  [
    'duplicate host ports',
    'Pod',
    with_(
      fx.pod,
      (p) =>
        (p.spec.containers[0].ports = [
          { containerPort: 80, hostPort: 8080, protocol: 'TCP' },
          { containerPort: 81, hostPort: 8080, protocol: 'TCP' },
        ]),
    ),
    [`${C0}.ports[1].hostPort: Duplicate value: "TCP//8080"`],
  ],
  [
    'restartPolicy unsupported',
    'Pod',
    with_(fx.pod, (p) => (p.spec.restartPolicy = 'Sometimes')),
    ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
  ],
  [
    'restartPolicy missing',
    'Pod',
    with_(fx.pod, (p) => delete p.spec.restartPolicy),
    ['spec.restartPolicy: Required value'],
  ],
  [
    'imagePullPolicy unsupported',
    'Pod',
    with_(fx.pod, (p) => (p.spec.containers[0].imagePullPolicy = 'Sometimes')),
    [
      `${C0}.imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"`,
    ],
  ],
  [
    'dnsPolicy unsupported',
    'Pod',
    with_(fx.pod, (p) => (p.spec.dnsPolicy = 'Google')),
    [
      'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"',
    ],
  ],
  [
    'cpu quantity unparsable',
    'Pod',
    with_(fx.pod, (p) => (p.spec.containers[0].resources.limits.cpu = 'lots')),
    [
      `${C0}.resources.limits[cpu]: Invalid value: "lots": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    ],
  ],
  [
    'negative memory',
    'Pod',
    with_(fx.pod, (p) => (p.spec.containers[0].resources.limits.memory = '-1Mi')),
    [`${C0}.resources.limits[memory]: Invalid value: "-1Mi": must be greater than or equal to 0`],
  ],
  [
    'request above limit',
    'Pod',
    with_(fx.pod, (p) => (p.spec.containers[0].resources.requests.cpu = '1')),
    [`${C0}.resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m`],
  ],
  [
    'non-standard resource',
    'Pod',
    with_(fx.pod, (p) => (p.spec.containers[0].resources.limits = { gpu: '1' })),
    [`${C0}.resources.limits[gpu]: Invalid value: "gpu": must be a standard resource for containers`],
  ],
  [
    'duplicate volume names',
    'Pod',
    with_(fx.pod, (p) => p.spec.volumes.push({ name: 'data', emptyDir: {} })),
    ['spec.volumes[1].name: Duplicate value: "data"'],
  ],
  [
    'volume without a source',
    'Pod',
    with_(fx.pod, (p) => (p.spec.volumes = [{ name: 'data' }])),
    ['spec.volumes[0]: Required value: must specify a volume type'],
  ],
  [
    'volume with two sources',
    'Pod',
    with_(fx.pod, (p) => (p.spec.volumes = [{ name: 'data', emptyDir: {}, hostPath: { path: '/x' } }])),
    ['spec.volumes[0].emptyDir: Forbidden: may not specify more than 1 volume type'],
  ],
  [
    'hostPath without path',
    'Pod',
    with_(fx.pod, (p) => (p.spec.volumes = [{ name: 'data', hostPath: {} }])),
    ['spec.volumes[0].hostPath.path: Required value'],
  ],
  [
    'volume name not a label',
    'Pod',
    with_(fx.pod, (p) => ((p.spec.volumes[0].name = 'Data'), (p.spec.containers[0].volumeMounts = []))),
    [`spec.volumes[0].name: Invalid value: "Data": ${LABEL}`],
  ],
  [
    'mount of unknown volume',
    'Pod',
    with_(fx.pod, (p) => (p.spec.volumes = [])),
    [`${C0}.volumeMounts[0].name: Not found: "data"`],
  ],
  [
    'mountPath missing',
    'Pod',
    with_(fx.pod, (p) => delete p.spec.containers[0].volumeMounts[0].mountPath),
    [`${C0}.volumeMounts[0].mountPath: Required value`],
  ],
  [
    'mountPath repeated',
    'Pod',
    with_(fx.pod, (p) => p.spec.containers[0].volumeMounts.push({ name: 'data', mountPath: '/data' })),
    [`${C0}.volumeMounts[1].mountPath: Invalid value: "/data": must be unique`],
  ],
  [
    'env name starts with digit',
    'Pod',
    with_(fx.pod, (p) => (p.spec.containers[0].env[0].name = '1MODE')),
    [`${C0}.env[0].name: Invalid value: "1MODE": ${ENV_NAME}`],
  ],
  [
    'env name missing',
    'Pod',
    with_(fx.pod, (p) => (p.spec.containers[0].env[0] = { value: 'x' })),
    [`${C0}.env[0].name: Required value`],
  ],
  [
    'negative grace period',
    'Pod',
    with_(fx.pod, (p) => (p.spec.terminationGracePeriodSeconds = -1)),
    ['spec.terminationGracePeriodSeconds: Invalid value: -1: must be greater than or equal to 0'],
  ],
  [
    'zero activeDeadlineSeconds',
    'Pod',
    with_(fx.pod, (p) => (p.spec.activeDeadlineSeconds = 0)),
    ['spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive'],
  ],
  [
    'bad nodeSelector value',
    'Pod',
    with_(fx.pod, (p) => (p.spec.nodeSelector = { disk: 'ssd fast' })),
    [`spec.nodeSelector: Invalid value: "ssd fast": ${LABEL_VALUE}`],
  ],
  [
    'probe without handler',
    'Pod',
    with_(fx.pod, (p) => (p.spec.containers[0].livenessProbe = { initialDelaySeconds: 5 })),
    [`${C0}.livenessProbe: Required value: must specify a handler type`],
  ],
  [
    'probe on a bad port',
    'Pod',
    with_(fx.pod, (p) => (p.spec.containers[0].readinessProbe = { tcpSocket: { port: 0 } })),
    [`${C0}.readinessProbe.tcpSocket.port: Invalid value: 0: ${PORT_RANGE}`],
  ],
  // --- service
  [
    'service name not DNS-1035',
    'Service',
    with_(fx.service, (s) => (s.metadata.name = '1frontend')),
    [`metadata.name: Invalid value: "1frontend": ${DNS1035}`],
  ],
  [
    'service without ports',
    'Service',
    with_(fx.service, (s) => (s.spec.ports = [])),
    ['spec.ports: Required value'],
  ],
  [
    'service port 0',
    'Service',
    with_(fx.service, (s) => (s.spec.ports[0].port = 0)),
    [`spec.ports[0].port: Invalid value: 0: ${PORT_RANGE}`],
  ],
  [
    'unnamed ports when several',
    'Service',
    with_(fx.service, (s) => s.spec.ports.push({ name: 'https', port: 443, protocol: 'TCP' })),
    ['spec.ports[0].name: Required value'],
  ],
  [
    'duplicate service port names',
    'Service',
    with_(
      fx.service,
      (s) =>
        (s.spec.ports = [
          { name: 'web', port: 80, protocol: 'TCP' },
          { name: 'web', port: 81, protocol: 'TCP' },
        ]),
    ),
    ['spec.ports[1].name: Duplicate value: "web"'],
  ],
  [
    'service protocol unsupported',
    'Service',
    with_(fx.service, (s) => (s.spec.ports[0].protocol = 'HTTP')),
    ['spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'],
  ],
  [
    'targetPort out of range',
    'Service',
    with_(fx.service, (s) => (s.spec.ports[0].targetPort = 65536)),
    [`spec.ports[0].targetPort: Invalid value: 65536: ${PORT_RANGE}`],
  ],
  [
    'targetPort bad name',
    'Service',
    with_(fx.service, (s) => (s.spec.ports[0].targetPort = 'Http')),
    [
      'spec.ports[0].targetPort: Invalid value: "Http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ],
  ],
  [
    'clusterIP not an IP',
    'Service',
    with_(fx.service, (s) => (s.spec.clusterIP = '10.0.0.256')),
    [
      'spec.clusterIP: Invalid value: "10.0.0.256": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ],
  ],
  [
    'service type unsupported',
    'Service',
    with_(fx.service, (s) => (s.spec.type = 'Magic')),
    [
      'spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ],
  ],
  [
    'nodePort not a port number',
    'Service',
    with_(fx.service, (s) => ((s.spec.type = 'NodePort'), (s.spec.ports[0].nodePort = 70000))),
    ['spec.ports[0].nodePort: Invalid value: 70000: must be between 1 and 65535, inclusive'],
  ],
  [
    'nodePort twice for one protocol',
    'Service',
    with_(fx.service, (s) => {
      s.spec.type = 'NodePort';
      s.spec.ports = [
        { name: 'a', port: 80, protocol: 'TCP', nodePort: 30080 },
        { name: 'b', port: 81, protocol: 'TCP', nodePort: 30080 },
        { name: 'c', port: 80, protocol: 'UDP', nodePort: 30080 },
      ];
    }),
    ['spec.ports[1].nodePort: Duplicate value: 30080'],
  ],
  [
    'nodePort on ClusterIP',
    'Service',
    with_(fx.service, (s) => (s.spec.ports[0].nodePort = 30080)),
    ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
  ],
  [
    'sessionAffinity unsupported',
    'Service',
    with_(fx.service, (s) => (s.spec.sessionAffinity = 'Sticky')),
    ['spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"'],
  ],
  [
    'bad service selector',
    'Service',
    with_(fx.service, (s) => (s.spec.selector = { app: 'a b' })),
    [`spec.selector: Invalid value: "a b": ${LABEL_VALUE}`],
  ],
  // --- replication controller
  [
    'negative replicas',
    'ReplicationController',
    with_(fx.rc, (r) => (r.spec.replicas = -1)),
    ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
  ],
  [
    'selector missing',
    'ReplicationController',
    with_(fx.rc, (r) => delete r.spec.selector),
    ['spec.selector: Required value'],
  ],
  [
    'selector not matching template',
    'ReplicationController',
    with_(fx.rc, (r) => (r.spec.selector = { app: 'db' })),
    [
      'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    ],
  ],
  [
    'template restartPolicy Never',
    'ReplicationController',
    with_(fx.rc, (r) => (r.spec.template.spec.restartPolicy = 'Never')),
    ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
  ],
  [
    'template missing',
    'ReplicationController',
    with_(fx.rc, (r) => delete r.spec.template),
    ['spec.template: Required value'],
  ],
  [
    'template container errors keep their path',
    'ReplicationController',
    with_(fx.rc, (r) => delete r.spec.template.spec.containers[0].image),
    ['spec.template.spec.containers[0].image: Required value'],
  ],
  // --- namespace, node, endpoints, event, binding
  [
    'namespace name with dots',
    'Namespace',
    with_(fx.namespace, (n) => (n.metadata.name = 'team.a')),
    ['metadata.name: Invalid value: "team.a": must not contain dots'],
  ],
  [
    'namespace finalizer unqualified',
    'Namespace',
    with_(fx.namespace, (n) => (n.spec.finalizers = ['cleanup'])),
    [
      'spec.finalizers: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
    ],
  ],
  [
    'node podCIDR',
    'Node',
    with_(fx.node, (n) => (n.spec.podCIDR = '10.244.1.0')),
    [
      'spec.podCIDR: Invalid value: "10.244.1.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ],
  ],
  [
    'node capacity negative',
    'Node',
    with_(fx.node, (n) => (n.status.capacity.cpu = '-2')),
    ['status.capacity[cpu]: Invalid value: "-2": must be greater than or equal to 0'],
  ],
  [
    'endpoint address not an IP',
    'Endpoints',
    with_(fx.endpoints, (e) => (e.subsets[0].addresses[0].ip = 'pod-a')),
    [
      'subsets[0].addresses[0].ip: Invalid value: "pod-a": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ],
  ],
  [
    'endpoint address unspecified',
    'Endpoints',
    with_(fx.endpoints, (e) => (e.subsets[0].addresses[0].ip = '0.0.0.0')),
    ['subsets[0].addresses[0].ip: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)'],
  ],
  [
    'endpoint subset without addresses',
    'Endpoints',
    with_(fx.endpoints, (e) => (e.subsets[0].addresses = [])),
    ['subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`'],
  ],
  [
    'endpoint port out of range',
    'Endpoints',
    with_(fx.endpoints, (e) => (e.subsets[0].ports[0].port = 99999)),
    [`subsets[0].ports[0].port: Invalid value: 99999: ${PORT_RANGE}`],
  ],
  [
    'event without involvedObject',
    'Event',
    with_(fx.event, (e) => delete e.involvedObject),
    ['involvedObject: Required value'],
  ],
  [
    'event namespace mismatch',
    'Event',
    with_(fx.event, (e) => (e.involvedObject.namespace = 'other')),
    ['involvedObject.namespace: Invalid value: "other": does not match event.namespace'],
  ],
  [
    'binding without target name',
    'Binding',
    with_(fx.binding, (b) => delete b.target.name),
    ['target.name: Required value'],
  ],
  [
    'binding to a non-node',
    'Binding',
    with_(fx.binding, (b) => (b.target.kind = 'Pod')),
    ['target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>"'],
  ],
  [
    'unknown kind',
    'Widget',
    fx.pod,
    [
      'kind: Unsupported value: "Widget": supported values: "Pod", "Service", "ReplicationController", "Endpoints", "Event", "Node", "Namespace", "Binding"',
    ],
  ],
];

describe('validateObject', () => {
  it.each(valid)('accepts: %s', (_title, kind, make) => {
    expect(validateObject(kind, make() as KubeObject).map(String)).toEqual([]);
  });

  it.each(invalid)('rejects: %s', (_title, kind, make, expected) => {
    expect(validateObject(kind, make() as KubeObject).map(String)).toEqual(expected);
  });
});
