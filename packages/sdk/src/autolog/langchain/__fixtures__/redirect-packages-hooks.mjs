// ES module resolve hook of redirect-packages.mjs.
import { redirect } from './redirect-specifier.mjs';

let aliases = {};
let parentURL;

export function initialize(data) {
  aliases = data.aliases;
  parentURL = data.parentURL;
}

export async function resolve(specifier, context, nextResolve) {
  const target = redirect(specifier, aliases);
  return target === undefined ? nextResolve(specifier, context) : nextResolve(target, { ...context, parentURL });
}
