// Runs one verb: opens the session from the global flags, turns any failure into the one-line error a user
// can act on (kubectl's wording, plus where and what to do), sets the exit code, and frees the connections.
import { StatusError } from '../../api/errors';
import { resourceInfo } from '../../api/resources';
import type { GlobalFlags } from './flags';
import type { Io } from './io';
import { openSession, type Session } from './session';

/** A verb's body: answers its exit code (0 unless it says otherwise). */
export type VerbBody = (s: Session) => Promise<number | void>;

export async function runVerb(io: Io, flags: GlobalFlags, body: VerbBody): Promise<void> {
  let session: Session | undefined;
  let code = 1;
  try {
    session = openSession(flags, io);
    code = (await body(session)) ?? 0;
  } catch (e) {
    io.err(`error: ${describeError(e, session)}\n`);
    code = 1;
  } finally {
    session?.client.close();
  }
  io.setExitCode(code);
}

const UNREACHABLE = /^(connection refused|connection to|cannot reach|cannot resolve|cannot talk)/;

export function describeError(e: unknown, session: Session | undefined): string {
  if (!(e instanceof StatusError)) return e instanceof Error ? e.message : String(e);
  if (e.code === 503 && UNREACHABLE.test(e.message) && session) {
    return `cannot reach the apiserver at ${session.config.server}: is the cluster up? (k8ts up)`;
  }
  if (e.reason === 'NotFound' && e.details?.name && session) {
    const info = resourceInfo(e.details.kind ?? '');
    if (info?.namespaced) return `${e.message} in namespace "${session.namespace}"`;
  }
  if (e.code === 401)
    return `You must be logged in to the server (${e.message}): check the user in your kubeconfig`;
  return e.message;
}
