// The cluster as the page sees it: one LiveResource per kind, each an ObjectStore fed by list + watch over
// the API (every namespace; the namespace selector filters on the page). A feed runs only while a view on
// screen uses it: a browser allows six HTTP/1.1 connections per origin, and each watch holds one, so
// watching everything at once would leave none for actions, logs and events. Store updates reach Preact
// once per animation frame.
import type { Endpoints, Node, Pod, ReplicationController, Service } from 'kubernetes-types/core/v1';
import { useEffect, useState } from 'preact/hooks';
import { startFeed, type FeedState, type KubeObject } from '../live/feed';
import { ObjectStore, type Schedule } from '../live/object-store';

const nextFrame: Schedule = (flush) => requestAnimationFrame(() => flush());

/** A resource kept live while at least one user holds it. */
export class LiveResource<T extends KubeObject> {
  readonly store: ObjectStore<T>;
  private users = 0;
  private feed: { stop(): void } | undefined;

  constructor(
    readonly path: string,
    schedule: Schedule = nextFrame,
  ) {
    this.store = new ObjectStore<T>(schedule);
  }

  get active(): boolean {
    return this.users > 0;
  }

  /** Starts the feed for the first user; the returned release stops it after the last. */
  acquire(): () => void {
    if (this.users++ === 0) this.feed = startFeed({ path: this.path, sink: this.store });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.users === 0) {
        this.feed?.stop();
        this.feed = undefined;
      }
    };
  }
}

export interface Cluster {
  nodes: LiveResource<Node>;
  pods: LiveResource<Pod>;
  services: LiveResource<Service>;
  endpoints: LiveResource<Endpoints>;
  rcs: LiveResource<ReplicationController>;
}

export function connectCluster(): Cluster {
  return {
    nodes: new LiveResource('/api/v1/nodes'),
    pods: new LiveResource('/api/v1/pods'),
    services: new LiveResource('/api/v1/services'),
    endpoints: new LiveResource('/api/v1/endpoints'),
    rcs: new LiveResource('/api/v1/replicationcontrollers'),
  };
}

/** Subscribes the calling component to the stores (re-rendering on change); returns their combined version. */
export function useStores(...stores: ObjectStore<any>[]): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    const offs = stores.map((s) => s.subscribe(() => setTick((t) => t + 1)));
    return () => offs.forEach((off) => off());
  }, stores);
  return stores.reduce((n, s) => n + s.version, 0);
}

/** Holds the resources live while the calling component is mounted, and re-renders it on every change. */
export function useLive(...resources: LiveResource<any>[]): number {
  useEffect(() => {
    const releases = resources.map((r) => r.acquire());
    return () => releases.forEach((release) => release());
  }, resources);
  return useStores(...resources.map((r) => r.store));
}

/** The page-wide connection state over the feeds in use: disconnected if any is, loading until all listed. */
export function connectionState(resources: LiveResource<any>[]): { state: FeedState; error?: string } {
  const stores = resources.filter((r) => r.active).map((r) => r.store);
  const away = stores.find((s) => s.status.state === 'reconnecting');
  if (away) return away.status;
  if (stores.some((s) => s.status.state === 'loading')) return { state: 'loading' };
  return { state: 'live' };
}

export function inNamespace(namespace: string) {
  return (o: { metadata?: { namespace?: string } }) =>
    namespace === '' || o.metadata?.namespace === namespace;
}
