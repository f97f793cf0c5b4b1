// The page: connection state, namespace selector and tabs on top, the chosen view below, and a side panel
// for the events or log of whatever the user picked. The tab lives in the URL hash, so a reload keeps it.
import { h } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { CanaryView } from './canary-view';
import { connectCluster, connectionState, useStores, type Cluster } from './cluster';
import type { Panel, ViewProps } from './common';
import { EventsPanel } from './events-panel';
import { LogsPanel } from './logs-panel';
import { NodesView } from './nodes-view';
import { PodsView } from './pods-view';
import { RcsView } from './rcs-view';
import { ServicesView } from './services-view';

const TABS = [
  ['pods', 'Pods'],
  ['nodes', 'Nodes'],
  ['services', 'Services'],
  ['rcs', 'Replication controllers'],
  ['coverage', 'Canary view'],
] as const;
type Tab = (typeof TABS)[number][0];

function tabFromHash(): Tab {
  const t = location.hash.slice(1);
  return (TABS.find(([id]) => id === t)?.[0] ?? 'pods') as Tab;
}

function ConnectionBadge({ c }: { c: Cluster }) {
  const all = [c.nodes, c.pods, c.services, c.endpoints, c.rcs];
  useStores(...all.map((r) => r.store));
  const { state, error } = connectionState(all);
  const text =
    state === 'reconnecting'
      ? `Disconnected — reconnecting${error ? ` (${error})` : ''}`
      : state === 'loading'
        ? 'Loading…'
        : 'Live';
  return h('span', { class: `conn ${state}`, role: 'status', 'data-state': state }, text);
}

/**
 * The namespace list is read when the page opens and again whenever the user opens the selector: fresh
 * when it is looked at, without a watch holding one of the page's few connections.
 */
function NamespaceSelect({ value, onChange }: { value: string; onChange(ns: string): void }) {
  const [names, setNames] = useState<string[]>([]);
  const refresh = () =>
    fetch('/api/v1/namespaces', { headers: { Accept: 'application/json' } })
      .then((r) =>
        r.ok ? (r.json() as Promise<{ items?: { metadata?: { name?: string } }[] }>) : { items: [] },
      )
      .then((l) => setNames((l.items ?? []).map((n) => n.metadata?.name ?? '').sort()))
      .catch(() => undefined);
  useEffect(() => void refresh(), []);
  const shown = value && !names.includes(value) ? [...names, value] : names;
  return h(
    'label',
    { class: 'ns' },
    'Namespace ',
    h(
      'select',
      {
        value,
        onChange: (e: Event) => onChange((e.target as HTMLSelectElement).value),
        onFocus: refresh,
        onMouseDown: refresh,
        'aria-label': 'namespace',
      },
      h('option', { value: '' }, 'All namespaces'),
      shown.map((n) => h('option', { key: n, value: n }, n)),
    ),
  );
}

export function App() {
  const cluster = useMemo(connectCluster, []);
  const [tab, setTab] = useState<Tab>(tabFromHash);
  const [namespace, setNamespace] = useState('');
  const [panel, setPanel] = useState<Panel | undefined>();
  const [notice, setNotice] = useState<{ text: string; error: boolean } | undefined>();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 5000);
    const onHash = () => setTab(tabFromHash());
    window.addEventListener('hashchange', onHash);
    return () => {
      clearInterval(t);
      window.removeEventListener('hashchange', onHash);
    };
  }, []);
  // Successes fade after a few seconds; errors stay until dismissed.
  useEffect(() => {
    if (!notice || notice.error) return;
    const t = setTimeout(() => setNotice(undefined), 5000);
    return () => clearTimeout(t);
  }, [notice]);
  const props: ViewProps = {
    namespace,
    now,
    open: setPanel,
    notify: (text, error = false) => setNotice({ text, error }),
  };
  const c = cluster;
  const view = {
    pods: () => h(PodsView, { ...props, pods: c.pods }),
    nodes: () => h(NodesView, { ...props, nodes: c.nodes, pods: c.pods }),
    services: () => h(ServicesView, { ...props, services: c.services, endpoints: c.endpoints }),
    rcs: () => h(RcsView, { ...props, rcs: c.rcs }),
    coverage: () => h(CanaryView, { ...props, services: c.services, pods: c.pods, rcs: c.rcs }),
  }[tab];
  return h(
    'div',
    { class: 'shell' },
    h(
      'header',
      {},
      h('h1', {}, 'k8ts'),
      h(
        'nav',
        { role: 'tablist' },
        TABS.map(([id, label]) =>
          h(
            'a',
            {
              key: id,
              href: `#${id}`,
              role: 'tab',
              'aria-selected': tab === id,
              class: tab === id ? 'tab on' : 'tab',
            },
            label,
          ),
        ),
      ),
      h(NamespaceSelect, { value: namespace, onChange: setNamespace }),
      h(ConnectionBadge, { c }),
    ),
    notice
      ? h(
          'div',
          { class: notice.error ? 'notice error' : 'notice', role: notice.error ? 'alert' : 'status' },
          notice.text,
          h(
            'button',
            { type: 'button', class: 'small', onClick: () => setNotice(undefined), 'aria-label': 'dismiss' },
            '×',
          ),
        )
      : null,
    h(
      'div',
      { class: panel ? 'body with-panel' : 'body' },
      h('main', {}, view()),
      panel
        ? h(
            'aside',
            { class: 'panel', 'aria-label': 'details' },
            h(
              'div',
              { class: 'panel-head' },
              h(
                'h2',
                {},
                `${panel.type === 'logs' ? 'Log' : 'Events'}: ${panel.of.kind.toLowerCase()}/${panel.of.name}`,
              ),
              h('button', { type: 'button', class: 'small', onClick: () => setPanel(undefined) }, 'Close'),
            ),
            panel.type === 'logs'
              ? h(LogsPanel, { key: panel.of.uid, of: panel.of, containers: panel.containers })
              : h(EventsPanel, { key: panel.of.uid, of: panel.of, now }),
          )
        : null,
    ),
  );
}
