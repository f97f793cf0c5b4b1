// Failures the campaigns found, reported and not yet fixed in src/: the fuzz test and the long-form bench
// count them as KNOWN rather than failing, so a new failure still fails CI.
import type { KnownBug } from './fuzz-api';

/**
 * 500s a campaign found and that are not fixed yet. Empty: the wrong-typed fields it found (a scalar where
 * a list of objects belongs, a non-string image) now get a 400 from the registry's decoding guard.
 */
export const KNOWN_API_BUGS: KnownBug[] = [];

/**
 * Kubelet source failures found by the kubelet-sources campaign and not fixed yet: a BUG note whose text
 * matches is counted as KNOWN instead. Empty: the YAML alias bomb it found (a 500 from POST /pods) is a 400 since
 * every YAML decode goes through src/api/yaml.ts.
 */
export const KNOWN_KUBELET_BUGS: KnownBug[] = [];

/**
 * Behaviour a campaign measured that is within its pass criteria but worth fixing; printed under the long
 * form's table so it is not forgotten. Empty: the kubelet's RSS once grew past 2.9 GB under 10 minutes of
 * malformed manifests; since the file source's 3 MiB cap and the event recorder's 1 KiB messages it stays flat
 * (132 MB before, peak 164 MB over 240 s of garbage), and the campaign now fails past 1 GB.
 */
export const RELIABILITY_FINDINGS: string[] = [];

/**
 * Inputs that kill a process outright (no campaign can count them as KNOWN: the process is gone). Each is
 * reproducible as described; a campaign that feeds them is added once they are fixed. Empty: YAML nested
 * thousands of levels deep aborted the apiserver (SIGABRT in V8's regexp compiler while yaml recursed); every
 * YAML decode now measures the depth first without recursion (src/api/yaml.ts), and test/apiserver/bad-input
 * sends those bodies to a real apiserver.
 */
export const KNOWN_CRASHES: { input: string; effect: string; cause: string; fix: string }[] = [];
