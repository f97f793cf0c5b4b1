// Translates a field path of the converted v1 Pod back to the manifest field the user wrote, so a
// bad manifest reports `containers[0].image: Required value`, not a path in a pod they never saw.
import { FieldError } from '../errors';

const RULES: [RegExp, string][] = [
  [/^metadata\.name$/, 'id'],
  [/^metadata\.uid$/, 'uuid'],
  [/^spec\.containers\[(\d+)\]\.resources\.limits\[cpu\]$/, 'containers[$1].cpu'],
  [/^spec\.containers\[(\d+)\]\.resources\.limits\[memory\]$/, 'containers[$1].memory'],
  [/^spec\.volumes\[(\d+)\]\.hostPath/, 'volumes[$1].source.hostDir'],
  [/^spec\.volumes\[(\d+)\]\.emptyDir/, 'volumes[$1].source.emptyDir'],
  [/^spec\./, ''],
];

export function manifestPath(podPath: string): string {
  for (const [re, replacement] of RULES) if (re.test(podPath)) return podPath.replace(re, replacement);
  return podPath;
}

export function toManifestErrors(errs: readonly FieldError[]): FieldError[] {
  return errs.map((e) => new FieldError(e.type, manifestPath(e.field), e.badValue, e.detail));
}
