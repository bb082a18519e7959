import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../../fixtures/tencent/', import.meta.url));

/** A Tencent Cloud answer from test/fixtures/tencent (see its README for where each comes from). */
export function tencentFixture(name: string): { Response: Record<string, unknown> } {
  return JSON.parse(readFileSync(`${dir}${name}`, 'utf8'));
}

/** The fixture's `Response` with some fields replaced. */
export function tencentAnswer(name: string, overrides: Record<string, unknown> = {}) {
  const fixture = tencentFixture(name);
  return { Response: { ...fixture.Response, ...overrides } };
}
