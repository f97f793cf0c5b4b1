// deepFreeze: controllers must never mutate what they read from a cache (STYLE.md rule 6). Tests freeze
// every input with this, so a write anywhere in a pure core throws instead of passing silently.
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}
