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
