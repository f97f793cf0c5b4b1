// For tests: the StatusError a synchronous call throws, so a test can assert its code, reason and causes.
import { StatusError } from './errors';

/** The StatusError thrown by fn; fails the test if fn returns or throws anything else. */
export function thrownStatus(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}
