// The seed's canary case at a glance: one card per service listing the pods it covers, grouped by the
// replication controller that owns each (so a stable RC and a canary RC behind one service read as two
// rows), each pod a chip coloured by phase.
import type { Pod, ReplicationController, Service } from 'kubernetes-types/core/v1';
import { h } from 'preact';
import { useMemo } from 'preact/hooks';
import { serviceCoverage } from '../model/canary';
import { displayPhase } from '../model/grouping';
import { objectKey } from '../live/object-store';
import { inNamespace, useLive, type LiveResource } from './cluster';
import { PHASE_TONE, placeholder, selectorText, type ViewProps } from './common';

export function CanaryView(
  p: ViewProps & {
    services: LiveResource<Service>;
    pods: LiveResource<Pod>;
    rcs: LiveResource<ReplicationController>;
  },
) {
  const version = useLive(p.services, p.pods, p.rcs);
  const coverage = useMemo(() => {
    const keep = inNamespace(p.namespace);
    const services = p.services.store
      .list()
      .filter(keep)
      .sort((a, b) => objectKey(a).localeCompare(objectKey(b)));
    return serviceCoverage(services, p.pods.store.list().filter(keep), p.rcs.store.list().filter(keep));
  }, [version, p.namespace]);
  return h(
    'section',
    { class: 'view' },
    h('h2', {}, 'Services → pods → replication controllers'),
    placeholder(p.services.store.status.state, coverage.length, 'services', p.namespace) ??
      coverage.map(({ service, groups, total }) =>
        h(
          'div',
          { class: 'card', key: objectKey(service), 'data-coverage': objectKey(service) },
          h(
            'h3',
            {},
            `${service.metadata?.namespace}/${service.metadata?.name}`,
            h('span', { class: 'mono muted' }, ` ${selectorText(service.spec?.selector)} · ${total} pods`),
          ),
          groups.length === 0
            ? h(
                'p',
                { class: 'muted' },
                service.spec?.selector
                  ? 'No pods match this service.'
                  : 'No selector: its endpoints are managed by hand.',
              )
            : groups.map((g) =>
                h(
                  'div',
                  { class: 'owner', key: g.rc ?? '' },
                  h(
                    'span',
                    { class: 'owner-name' },
                    g.rc ? `rc/${g.rc}` : 'no controller',
                    g.bySelector
                      ? h(
                          'span',
                          { class: 'muted', title: 'matched by selector, no ownerReference' },
                          ' (by selector)',
                        )
                      : null,
                  ),
                  h(
                    'span',
                    { class: 'chips' },
                    g.pods.map((pod) => {
                      const phase = displayPhase(pod);
                      return h(
                        'span',
                        {
                          class: `chip ${PHASE_TONE[phase] ?? 'unknown'}`,
                          key: pod.metadata?.name,
                          title: `${phase} ${pod.status?.podIP ?? ''}`,
                        },
                        pod.metadata?.name,
                      );
                    }),
                  ),
                ),
              ),
        ),
      ),
  );
}
