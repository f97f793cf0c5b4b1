// util: the leaf layer. Clock, IDs, randomness, back-off, logging and IPv4 arithmetic live here, and only here,
// so that every other layer can have them injected (STYLE.md rule 7) and tests can fake them.
export * from './clock';
export * from './ids';
export * from './backoff';
export * from './log';
export * from './ipv4';
export * from './duration';
export * from './process-alive';
