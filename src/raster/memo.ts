/**
 * Per-object caches: what is derived from a format, a palette or a surface is built
 * once and kept only as long as that object lives (a WeakMap, so nothing leaks).
 */

/** `make(key)`, computed on the first call for each key object and reused after. */
export function memoPerObject<K extends object, V>(make: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = make(key);
      cache.set(key, value);
    }
    return value;
  };
}
