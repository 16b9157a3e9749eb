// `@langchain/core/runnables` -> `langchain-core-1-0/runnables` when aliases maps `@langchain/core` to `langchain-core-1-0`.
export function redirect(specifier, aliases) {
  for (const [name, alias] of Object.entries(aliases)) {
    if (specifier === name || specifier.startsWith(`${name}/`)) return `${alias}${specifier.slice(name.length)}`;
  }
  return undefined;
}
