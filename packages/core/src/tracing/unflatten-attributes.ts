// The wrapper each item of OpenInference's flattened lists has
// (`llm.input_messages.0.message.role`): dropped, so that an item reads as
// the object it wraps.
const ITEM_WRAPPERS: ReadonlySet<string> = new Set(['message', 'tool_call', 'message_content', 'document']);

// Deeper paths than this are not unflattened (they are kept as attributes all the same).
const MAX_DEPTH = 16;
const MAX_INDEX = 10_000;

type Node = Record<string, unknown> | unknown[];

function isIndex(segment: string): boolean {
  if (segment === '' || segment.length > 5) return false;
  for (let index = 0; index < segment.length; index += 1) {
    const code = segment.charCodeAt(index);
    if (code < 0x30 || code > 0x39) return false;
  }
  return Number(segment) <= MAX_INDEX && (segment.length === 1 || segment.charCodeAt(0) !== 0x30);
}

function unwrapItems(node: unknown): unknown {
  if (Array.isArray(node)) {
    const items: unknown[] = [];
    // Holes (an index never set) are left out.
    for (const item of node) {
      if (item === undefined) continue;
      let value = unwrapItems(item);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const keys = Object.keys(value);
        if (keys.length === 1 && ITEM_WRAPPERS.has(keys[0]!)) value = (value as Record<string, unknown>)[keys[0]!];
      }
      items.push(value);
    }
    return items;
  }
  if (node !== null && typeof node === 'object') {
    const object: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) object[key] = unwrapItems(value);
    return object;
  }
  return node;
}

/**
 * A list flattened into attributes, built back: entries `[suffix, value]`
 * under one prefix, e.g. `0.message.role` = `user` and `0.message.content` =
 * `hi` under `llm.input_messages` (OpenInference), or `0.role` / `0.content`
 * under `gen_ai.prompt` (OpenLLMetry), give `[{ role: 'user', content: 'hi' }]`.
 * Numeric segments are list indexes, the others object keys; OpenInference's
 * item wrappers (`message`, `tool_call`, `message_content`, `document`) are
 * dropped. Entries that do not fit (a path both a value and a parent, a
 * path too deep) are skipped. Undefined when no entry starts with an index.
 */
export function unflattenAttributes(entries: readonly (readonly [string, unknown])[]): unknown[] | undefined {
  const root: unknown[] = [];
  let used = false;
  for (const [suffix, value] of entries) {
    const segments = suffix.split('.');
    // `__proto__` would reach Object.prototype through a plain object.
    if (segments.length > MAX_DEPTH || !isIndex(segments[0]!) || segments.includes('__proto__')) continue;
    let node: Node = root;
    let fits = true;
    for (let index = 0; index < segments.length - 1; index += 1) {
      const segment = segments[index]!;
      const key: string | number = Array.isArray(node) ? (isIndex(segment) ? Number(segment) : -1) : segment;
      if (key === -1) {
        fits = false;
        break;
      }
      const container = node as Record<string | number, unknown>;
      let child = Object.hasOwn(container, key) ? container[key] : undefined;
      if (child === undefined) {
        child = isIndex(segments[index + 1]!) ? [] : {};
        container[key] = child;
      } else if (child === null || typeof child !== 'object') {
        fits = false;
        break;
      }
      node = child as Node;
    }
    if (!fits) continue;
    const last = segments[segments.length - 1]!;
    if (Array.isArray(node)) {
      if (!isIndex(last)) continue;
      if (node[Number(last)] !== undefined) continue;
      node[Number(last)] = value;
    } else {
      if (Object.hasOwn(node, last)) continue;
      node[last] = value;
    }
    used = true;
  }
  return used ? (unwrapItems(root) as unknown[]) : undefined;
}
