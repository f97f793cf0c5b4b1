// runtime/fake: the hollow node's Runtime — pods without containers, on an injected clock, for scale tests and
// for kubelet tests that must run in milliseconds.
export { FakeRuntime, type FakeRuntimeOptions, type FakeKill, type FakeContainerKill } from './fake-runtime';
