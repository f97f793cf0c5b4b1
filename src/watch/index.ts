// watch: the watch primitives every layer shares, with no knowledge of Kubernetes objects. This folder
// owns the watch event shape and the Watch/WatchSink contract, the Broadcaster that fans one event
// stream out to many subscribers (dropping a subscriber that falls too far behind instead of slowing
// the rest — see broadcaster.ts), and FakeWatcher, the hand-driven watch that tests of informers and
// controllers feed. Pure: no timers, no I/O.
export type { EventType, Watch, WatchEvent, WatchSink } from './event';
export { Broadcaster, type BroadcasterOptions, type DropReason, type SubscribeOptions } from './broadcaster';
export { FakeWatcher } from './fake-watcher';
