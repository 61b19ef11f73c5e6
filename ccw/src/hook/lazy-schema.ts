/**
 * A schema built on first use. Building a zod schema is most of the hook's start-up cost, so
 * the schemas that only some inputs need (hook input, older ccw files, the owner check) are
 * built when that input arrives.
 */
export function lazySchema<T>(build: () => T): () => T {
  let schema: T | undefined;
  return () => {
    schema ??= build();
    return schema;
  };
}
