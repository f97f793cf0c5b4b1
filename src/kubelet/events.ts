// EventRecorder: the kubelet's events (Pulled, Created, Started, Killing, BackOff, Failed, Unhealthy,
// FailedValidation, NodeReady, ...) — each logged, and with an apiserver written as a v1 Event from source
// {component: kubelet, host: <node>} through the shared recorder (src/client/record): a repeat within 10
// minutes counts up the stored event instead of writing a new one. Writes run in the background, in order,
// and never block or fail the caller. Standalone (no client), events are only logged.
import type { ObjectReference } from '../api/types';
import { EventRecorder as SharedRecorder, type ClientInterface, type EventType } from '../client';
import type { Clock, Logger } from '../util';

export type { EventType };

export class EventRecorder {
  private readonly recorder: SharedRecorder | undefined;

  constructor(
    client: ClientInterface | undefined,
    host: string,
    clock: Clock,
    private readonly log: Logger,
  ) {
    this.recorder =
      client && new SharedRecorder({ client, clock, component: 'kubelet', host, concurrency: 1, log });
  }

  record(target: ObjectReference, type: EventType, reason: string, message: string): void {
    const fields = { kind: target.kind, namespace: target.namespace, name: target.name, reason };
    this.log.info(target.fieldPath ? { ...fields, fieldPath: target.fieldPath } : fields, message);
    this.recorder?.record(target, type, reason, message);
  }

  /** Resolves once every event recorded so far has been written (or has failed). */
  flush(): Promise<void> {
    return this.recorder?.flush() ?? Promise.resolve();
  }
}
