// Watch events as every k8ts layer passes them around: the Kubernetes watch event shape
// ({ type, object }) over any object type. Lives here, below src/api, so storage, the apiserver's
// watch cache and the client can share it; its type names match src/api/types' WatchEventType.

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent<T> {
  type: EventType;
  /** The object after the change; for DELETED its last state; for ERROR a Status; for BOOKMARK only metadata. */
  object: T;
}

/** A running watch from the consumer's side. */
export interface Watch {
  /** Ends the watch. Idempotent; no event is delivered after it returns. */
  stop(): void;
}

/** What a watch calls: each event in order, then (once) done when the stream ends for any reason but stop(). */
export interface WatchSink<T> {
  onEvent(event: WatchEvent<T>): void;
  /** The producer ended the stream; err says why when it was not a clean end. */
  onDone?(err?: Error): void;
}
