/** Options of `replaceMethod`. */
export interface ReplaceMethodOptions<Method> {
  /** The class or prototype that defines the method itself. */
  target: object;
  /** The method's name. */
  name: string;
  /** Makes the replacement from the original. */
  wrap: (original: Method) => Method;
}

/**
 * Replaces a private method of LangChain when it is there as expected: a
 * plain, writable function defined on `target` itself. Returns a function
 * that puts the original back, or undefined when nothing was replaced
 * because the method is missing, inherited, an accessor or read-only — as
 * in a release that removed, moved or redefined it.
 */
export function replaceMethod<Method>(options: ReplaceMethodOptions<Method>): (() => void) | undefined {
  const { target, name, wrap } = options;
  const descriptor = Object.getOwnPropertyDescriptor(target, name);
  if (descriptor === undefined || typeof descriptor.value !== 'function' || descriptor.writable !== true) return undefined;
  try {
    Object.defineProperty(target, name, { ...descriptor, value: wrap(descriptor.value as Method) });
  } catch {
    return undefined;
  }
  return () => {
    Object.defineProperty(target, name, descriptor);
  };
}
