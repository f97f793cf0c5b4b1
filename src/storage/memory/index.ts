// storage/memory: an in-memory Store with history and ordered watch, for fast unit tests (not for clusters).
export { MemoryStore, createMemoryStore } from './memory-store';
