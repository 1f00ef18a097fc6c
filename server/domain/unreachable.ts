/** Put in the default branch of a switch over a union: a missed case will not compile. */
export function unreachable(value: never): never {
  throw new Error(`Unhandled case: ${String(value)}`);
}
