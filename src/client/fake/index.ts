// fake: the client seam's fake (STYLE.md rule 8). FakeClient implements ClientInterface from memory and
// records every call, so controller, scheduler and kubelet tests run without an apiserver.
export * from './tracker';
export * from './fake-client';
