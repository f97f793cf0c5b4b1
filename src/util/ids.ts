// IDs and randomness: UIDs for objects and suffixes for generateName, injectable for tests.
import { randomUUID, randomInt } from 'node:crypto';

export interface IdSource {
  uid(): string;
  /** A 5-character suffix from Kubernetes' alphabet (no vowels, no look-alike digits). */
  suffix(): string;
}

const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export const randomIds: IdSource = {
  uid: () => randomUUID(),
  suffix: () => Array.from({ length: 5 }, () => SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)]).join(''),
};

/** Deterministic ids for tests: uid-1, uid-2, ... and suffixes aaaa1, aaaa2, ... */
export function sequentialIds(prefix = ''): IdSource {
  let n = 0;
  let s = 0;
  return {
    uid: () => `${prefix}00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    suffix: () => `x${String(++s).padStart(4, '0')}`,
  };
}
