// Small pieces every view shares: the row buttons, the empty/loading placeholder, the phase badge, and the
// target of the side panel (events or logs of one object).
import { h, type ComponentChild } from 'preact';
import type { FeedState } from '../live/feed';

export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
  uid: string;
}

export type Panel = { type: 'events'; of: ObjectRef } | { type: 'logs'; of: ObjectRef; containers: string[] };

export interface ViewProps {
  namespace: string;
  now: number;
  open(panel: Panel): void;
  /** Reports the outcome of an action in the page's notice area. */
  notify(message: string, error?: boolean): void;
}

export function refOf(
  kind: string,
  o: { metadata?: { namespace?: string; name?: string; uid?: string } },
): ObjectRef {
  return { kind, namespace: o.metadata?.namespace, name: o.metadata?.name ?? '', uid: o.metadata?.uid ?? '' };
}

export function button(
  label: string,
  onClick: () => void,
  extra: Record<string, unknown> = {},
): ComponentChild {
  return h('button', { type: 'button', class: 'small', onClick, ...extra }, label);
}

/** "Loading pods…" while the first list is on its way, else the empty message, else nothing. */
export function placeholder(
  state: FeedState,
  count: number,
  what: string,
  namespace: string,
): ComponentChild {
  if (count > 0) return null;
  if (state === 'loading') return h('p', { class: 'empty' }, `Loading ${what}…`);
  return h('p', { class: 'empty' }, namespace ? `No ${what} in namespace ${namespace}.` : `No ${what}.`);
}

export function badge(text: string, tone: string): ComponentChild {
  return h('span', { class: `badge ${tone}` }, text);
}

export const PHASE_TONE: Record<string, string> = {
  Running: 'ok',
  Succeeded: 'done',
  Pending: 'wait',
  Failed: 'bad',
  Unknown: 'unknown',
  Terminating: 'unknown',
};

export function selectorText(sel: Record<string, string> | undefined): string {
  const parts = Object.entries(sel ?? {}).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(',') : '<none>';
}
