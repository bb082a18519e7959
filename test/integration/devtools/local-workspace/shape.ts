import { readFileSync } from 'node:fs';

/** A reference payload from ./reference (see its README). */
// biome-ignore lint/suspicious/noExplicitAny: reference payloads are Slack JSON, inspected field by field
export function reference(name: string): any {
  const text = readFileSync(new URL(`./reference/${name}`, import.meta.url), 'utf8');
  return name.endsWith('.json') ? JSON.parse(text) : text.trim();
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Where `actual` differs in shape from `reference`: a key the reference has and `actual` lacks,
 * or a value of another JSON type. A null in the reference (Slack's "no value") matches anything.
 * `ignore` lists dotted paths to skip.
 */
export function shapeDifferences(actual: unknown, ref: unknown, ignore: string[] = [], path = ''): string[] {
  if (ignore.includes(path)) return [];
  if (ref === null) return [];
  if (kind(actual) !== kind(ref)) return [`${path || '(root)'}: ${kind(actual)} instead of ${kind(ref)}`];
  if (Array.isArray(ref) && Array.isArray(actual)) {
    if (ref.length === 0 || actual.length === 0) return [];
    return shapeDifferences(actual[0], ref[0], ignore, `${path}[]`);
  }
  if (kind(ref) !== 'object') return [];
  const a = actual as Record<string, unknown>;
  return Object.entries(ref as Record<string, unknown>).flatMap(([key, value]) => {
    const at = path ? `${path}.${key}` : key;
    if (ignore.includes(at)) return [];
    if (!(key in a)) return [`${at}: missing`];
    return shapeDifferences(a[key], value, ignore, at);
  });
}
