// Turning failed HTTP exchanges into StatusErrors, the way client-go does: a Status body is taken as is; any
// other body keeps the HTTP code and says what the server answered; a socket failure is 503 and names the
// server, so "is the apiserver running?" is the first thing the user reads.
import type { Status } from 'kubernetes-types/meta/v1';
import { StatusError, reasonForCode } from '../api/errors';

/** client-go's wording for answers that are not a Status (k8s.io/apimachinery newUnstructuredResponseError). */
const PLAIN_MESSAGES: Record<number, string> = {
  400: 'the server rejected our request for an unknown reason',
  401: 'the server has asked for the client to provide credentials',
  403: 'the server does not allow access to the requested resource',
  404: 'the server could not find the requested resource',
  405: 'the server does not allow this method on the requested resource',
  409: 'the server reported a conflict',
  410: 'the server has asked for the client to provide a newer resource version',
  415: 'the server responded with the status code 415 but did not return more information',
  422: 'the server rejected our request due to an error in our request',
  429: 'the server has received too many requests and has asked us to try again later',
  504: 'the server was unable to return a response in the time allotted, but may still be processing the request',
};

/**
 * The error for a non-2xx answer. `what` is the request in kubectl's words ("get pods web-1"), appended to
 * messages the server did not write itself.
 */
export function errorFromResponse(code: number, body: string, what: string): StatusError {
  const parsed = tryParse(body);
  if (parsed && typeof parsed === 'object' && (parsed as Status).kind === 'Status') {
    return StatusError.fromStatus(parsed as Status, code);
  }
  const text = body.trim();
  let message = PLAIN_MESSAGES[code];
  if (code >= 500 && code !== 504) {
    message = `an error on the server (${JSON.stringify(text || 'unknown')}) has prevented the request from succeeding`;
  } else if (!message) {
    message = `the server responded with the status code ${code} but did not return more information`;
  }
  return new StatusError(code, reasonForCode(code), `${message} (${what})`);
}

/** The error for a request that got no HTTP answer at all. */
export function connectionError(err: NodeJS.ErrnoException, server: string): StatusError {
  switch (err.code) {
    case 'ECONNREFUSED':
      return unavailable(`connection refused to ${server}: is the apiserver running?`);
    case 'ECONNRESET':
    case 'EPIPE':
      return unavailable(`connection to ${server} was reset: the apiserver may have restarted; retry`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return unavailable(`cannot resolve the host of ${server}: check the server address in your kubeconfig`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return unavailable(`cannot reach ${server} (${err.code}): check the server address and the network`);
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return unavailable(
        `cannot verify the certificate of ${server}: ${err.message}; give the cluster's CA (certificate-authority)`,
      );
    default:
      return unavailable(`cannot talk to ${server}: ${err.message}`);
  }
}

function unavailable(message: string): StatusError {
  return new StatusError(503, 'ServiceUnavailable', message);
}

function tryParse(text: string): unknown {
  if (!text || (text[0] !== '{' && text.trimStart()[0] !== '{')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
