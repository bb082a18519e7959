/** Shared shapes for validating raw input into domain values, with per-field messages. */
import type { z } from 'zod';
import { type FieldIssue, InvalidInputError } from './errors.js';

export type Validation<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/**
 * Characters a person cannot see or type into a one-line field: C0, DEL, C1, and half of a
 * surrogate pair, which no keyboard produces and which reaches the cloud as U+FFFD instead.
 */
const CONTROL_CHARACTERS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTERS.test(text);
}

type Deception = 'reorders' | 'invisible' | 'breaks';

/**
 * Characters that change how text around them looks without being seen themselves: bidi
 * controls (a name with U+202E shows reversed), zero-width characters, and line and paragraph
 * separators. A person reading a name on a card must see what was typed, so these are refused.
 */
const DECEPTIVE: ReadonlyMap<number, { name: string; does: Deception }> = new Map([
  [0x061c, { name: 'ARABIC LETTER MARK', does: 'reorders' }],
  [0x200e, { name: 'LEFT-TO-RIGHT MARK', does: 'reorders' }],
  [0x200f, { name: 'RIGHT-TO-LEFT MARK', does: 'reorders' }],
  [0x202a, { name: 'LEFT-TO-RIGHT EMBEDDING', does: 'reorders' }],
  [0x202b, { name: 'RIGHT-TO-LEFT EMBEDDING', does: 'reorders' }],
  [0x202c, { name: 'POP DIRECTIONAL FORMATTING', does: 'reorders' }],
  [0x202d, { name: 'LEFT-TO-RIGHT OVERRIDE', does: 'reorders' }],
  [0x202e, { name: 'RIGHT-TO-LEFT OVERRIDE', does: 'reorders' }],
  [0x2066, { name: 'LEFT-TO-RIGHT ISOLATE', does: 'reorders' }],
  [0x2067, { name: 'RIGHT-TO-LEFT ISOLATE', does: 'reorders' }],
  [0x2068, { name: 'FIRST STRONG ISOLATE', does: 'reorders' }],
  [0x2069, { name: 'POP DIRECTIONAL ISOLATE', does: 'reorders' }],
  [0x200b, { name: 'ZERO WIDTH SPACE', does: 'invisible' }],
  [0x200c, { name: 'ZERO WIDTH NON-JOINER', does: 'invisible' }],
  [0x200d, { name: 'ZERO WIDTH JOINER', does: 'invisible' }],
  [0x2060, { name: 'WORD JOINER', does: 'invisible' }],
  [0xfeff, { name: 'ZERO WIDTH NO-BREAK SPACE', does: 'invisible' }],
  [0x2028, { name: 'LINE SEPARATOR', does: 'breaks' }],
  [0x2029, { name: 'PARAGRAPH SEPARATOR', does: 'breaks' }],
]);

const WHAT_IT_DOES: Record<Deception, string> = {
  reorders: 'it changes the order the text is shown in',
  invisible: 'it cannot be seen',
  breaks: 'it breaks the line',
};

/** "U+202E" */
function codePointLabel(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Why `text` may not be shown as typed, naming the first deceptive character and where it is
 * (the character's position as a person counts, and what comes before it), or undefined.
 * `field` names the field: "the name", "the description".
 */
export function deceptiveCharacterProblem(text: string, field: string): string | undefined {
  const chars = [...text];
  const index = chars.findIndex((c) => DECEPTIVE.has(c.codePointAt(0) ?? 0));
  if (index === -1) return undefined;
  const codePoint = chars[index]?.codePointAt(0) ?? 0;
  const found = DECEPTIVE.get(codePoint);
  if (!found) return undefined;
  const before = chars
    .slice(Math.max(0, index - 20), index)
    .join('')
    .trim();
  const where = before === '' ? 'at the start' : `after ${quoteInput(before)}`;
  return `There is an invisible ${codePointLabel(codePoint)} ${found.name} in ${field} at character ${index + 1} (${where}): ${WHAT_IT_DOES[found.does]}. Remove it.`;
}

/** Length in characters as a person counts them (code points, so an emoji is one). */
export function characterCount(text: string): number {
  return [...text].length;
}

/** Shortens user text quoted back in a message, so a pasted essay does not become the message. */
export function quoteInput(text: string, max = 40): string {
  const chars = [...text];
  return `"${chars.length > max ? `${chars.slice(0, max).join('')}…` : text}"`;
}

/** Turns zod issues into field issues named like "rules.0.port", under an optional prefix. */
export function toFieldIssues(error: z.ZodError, prefix = ''): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.');
    return { field: path, message: issue.message };
  });
}

/** Returns the value, or throws the issues as an InvalidInputError. */
export function valueOrThrow<T>(result: Validation<T>): T {
  if (!result.ok) throw new InvalidInputError(result.issues);
  return result.value;
}
