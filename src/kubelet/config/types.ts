// The contract between the kubelet's pod sources and the mux: each source pushes the COMPLETE set of pods it
// currently wants (level-triggered, Kubernetes' PodConfig "SET" semantics), never a delta, so a lost or
// repeated update is harmless — the next one restates everything.
import type { Pod } from '../../api/types';
import type { StatusError } from '../../api/errors';

/**
 * Names sources go by, in `SourceUpdate.source` and in the `kubernetes.io/config.source` annotation:
 * `file` (--manifest-path), `http` (--manifest-url), `etcd` (--etcd-servers), `server` (the kubelet's own
 * POST /pods), `api` (pods the apiserver bound to this node). All but `api` produce static pods.
 */
export type SourceName = 'file' | 'http' | 'etcd' | 'server' | 'api';

/** A manifest (or a whole origin) a source could not read. The kubelet logs it and records an event. */
export interface SourceError {
  source: string;
  /** What could not be read: a file path, a URL, an etcd key, or `POST /pods`. */
  origin: string;
  /** Worded for a user; its message already names the file and document where that helps. */
  error: StatusError;
}

export interface SourceUpdate {
  source: string;
  /** Every pod the source wants now. A manifest that became invalid keeps its last good pods here. */
  pods: Pod[];
  errors: SourceError[];
  /**
   * True while the source has never managed to read its origin (URL or etcd unreachable since start): `pods`
   * is then not known to be complete, and the kubelet must not kill what it cannot find in it.
   */
  incomplete?: boolean;
}

/** A producer of SourceUpdates. start() is called once; stop() ends all timers, watches and requests. */
export interface PodSource {
  readonly name: string;
  /** Begins delivering updates; the first arrives as soon as the source has read its origin once. */
  start(emit: (update: SourceUpdate) => void): void;
  /** Stops delivering; resolves once nothing is in flight. Safe to call twice. */
  stop(): Promise<void>;
}
