// EventRecorder: the kubelet's events (Pulled, Created, Started, Killing, BackOff, Failed, Unhealthy,
// FailedValidation, NodeReady, ...) written to the API as v1 Events from source {component: kubelet, host}.
// An event repeating one already written (same object, reason and message) is not written again: the existing
// one gets count+1 and a new lastTimestamp — client-go's correlator in small. Recording never blocks the caller
// and never fails it: writes run in the background, one after another, and a failed write is only logged.
import { isNotFound } from '../api/errors';
import type { Event, ObjectReference } from '../api/types';
import type { ClientInterface } from '../client';
import { rfc3339, type Clock, type Logger } from '../util';

export type EventType = 'Normal' | 'Warning';

/** How many distinct events are remembered for counting; the oldest are forgotten first. */
const REMEMBERED = 1024;

export class EventRecorder {
  private readonly seen = new Map<string, { name: string; namespace: string; count: number }>();
  private chain: Promise<void> = Promise.resolve();
  private seq = 0;

  constructor(
    private readonly client: ClientInterface | undefined,
    private readonly host: string,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  record(target: ObjectReference, type: EventType, reason: string, message: string): void {
    this.log.info({ object: `${target.kind}/${target.namespace ?? ''}/${target.name}`, reason }, message);
    if (!this.client) return;
    const client = this.client;
    this.chain = this.chain.then(() =>
      this.write(client, target, type, reason, message).catch((err: unknown) =>
        this.log.warn({ reason, err: (err as Error).message }, 'could not record event'),
      ),
    );
  }

  /** Resolves once every event recorded so far has been written (or has failed). */
  flush(): Promise<void> {
    return this.chain;
  }

  private async write(
    client: ClientInterface,
    target: ObjectReference,
    type: EventType,
    reason: string,
    message: string,
  ): Promise<void> {
    const now = rfc3339(this.clock.now());
    const key = [target.uid, target.fieldPath, reason, message].join('\n');
    const prior = this.seen.get(key);
    if (prior) {
      try {
        const patch = { count: prior.count + 1, lastTimestamp: now };
        await client.patch('events', prior.namespace, prior.name, 'merge', patch);
        prior.count++;
        return;
      } catch (err) {
        if (!isNotFound(err)) throw err;
        this.seen.delete(key); // expired or deleted: write a new one
      }
    }
    const namespace = target.namespace || 'default';
    const name = `${target.name}.${this.clock.now().toString(16)}${(this.seq++ % 0x10000).toString(16).padStart(4, '0')}`;
    const event: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: target,
      reason,
      message,
      type,
      source: { component: 'kubelet', host: this.host },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    };
    await client.create('events', namespace, event);
    this.seen.set(key, { name, namespace, count: 1 });
    if (this.seen.size > REMEMBERED) this.seen.delete(this.seen.keys().next().value!);
  }
}
