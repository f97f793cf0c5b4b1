// Services: cluster IP, ports, selector and the addresses their Endpoints object lists (not-ready ones
// marked), so a user sees at once whether a service has anything behind it.
import type { Endpoints, Service, ServicePort } from 'kubernetes-types/core/v1';
import { h } from 'preact';
import { useMemo } from 'preact/hooks';
import { objectKey } from '../live/object-store';
import { inNamespace, useLive, type LiveResource } from './cluster';
import { button, placeholder, refOf, selectorText, type ViewProps } from './common';

function portText(p: ServicePort): string {
  const target =
    p.targetPort !== undefined && String(p.targetPort) !== String(p.port) ? `→${p.targetPort}` : '';
  const node = p.nodePort ? `:${p.nodePort}` : '';
  return `${p.name ? `${p.name} ` : ''}${p.port}${node}${target}/${p.protocol ?? 'TCP'}`;
}

/** ip:port for every address of the endpoints, with the not-ready ones flagged. */
export function endpointAddresses(ep: Endpoints | undefined): { text: string; ready: boolean }[] {
  const out: { text: string; ready: boolean }[] = [];
  for (const s of ep?.subsets ?? []) {
    const ports = s.ports?.length ? s.ports.map((p) => p.port) : [undefined];
    for (const [list, ready] of [
      [s.addresses ?? [], true],
      [s.notReadyAddresses ?? [], false],
    ] as const)
      for (const a of list)
        for (const port of ports) out.push({ text: port ? `${a.ip}:${port}` : a.ip, ready });
  }
  return out;
}

export function ServicesView(
  p: ViewProps & { services: LiveResource<Service>; endpoints: LiveResource<Endpoints> },
) {
  const version = useLive(p.services, p.endpoints);
  const services = useMemo(
    () =>
      p.services.store
        .list()
        .filter(inNamespace(p.namespace))
        .sort((a, b) => objectKey(a).localeCompare(objectKey(b))),
    [version, p.namespace],
  );
  return h(
    'section',
    { class: 'view' },
    h('h2', {}, 'Services ', h('small', {}, String(services.length))),
    placeholder(p.services.store.status.state, services.length, 'services', p.namespace) ??
      h(
        'table',
        { class: 'grid' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Name', 'Namespace', 'Type', 'Cluster IP', 'Ports', 'Selector', 'Endpoints', ''].map((t) =>
              h('th', { key: t }, t),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          services.map((s) => {
            const addrs = endpointAddresses(p.endpoints.store.get(objectKey(s)));
            return h(
              'tr',
              { key: objectKey(s), 'data-service': objectKey(s) },
              h('td', {}, s.metadata?.name),
              h('td', {}, s.metadata?.namespace),
              h('td', {}, s.spec?.type ?? 'ClusterIP'),
              h('td', {}, s.spec?.clusterIP ?? '—'),
              h('td', {}, (s.spec?.ports ?? []).map(portText).join(', ')),
              h('td', { class: 'mono' }, selectorText(s.spec?.selector)),
              h(
                'td',
                { class: 'mono' },
                addrs.length
                  ? addrs.map((a) =>
                      h(
                        'span',
                        { class: a.ready ? 'addr' : 'addr notready', title: a.ready ? 'ready' : 'not ready' },
                        a.text,
                      ),
                    )
                  : h('span', { class: 'muted' }, '<none>'),
              ),
              h(
                'td',
                {},
                button('Events', () => p.open({ type: 'events', of: refOf('Service', s) })),
              ),
            );
          }),
        ),
      ),
  );
}
