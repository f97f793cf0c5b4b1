// Failures the campaigns found, reported and not yet fixed in src/: the fuzz test and the long-form bench
// count them as KNOWN rather than failing, so a new failure still fails CI.
import type { KnownBug } from './fuzz-api';

/**
 * 500s a campaign found and that are not fixed yet. Empty: the wrong-typed fields it found (a scalar where
 * a list of objects belongs, a non-string image) now get a 400 from the registry's decoding guard.
 */
export const KNOWN_API_BUGS: KnownBug[] = [];
