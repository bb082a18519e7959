/** A clock tests move by hand, so expiry and cache ages need no waiting. */
import type { Clock } from '../../src/lib/clock.js';

export interface TestClock extends Clock {
  advance(ms: number): void;
  set(at: Date | string): void;
}

export function createTestClock(start: Date | string = '2026-03-02T09:00:00.000Z'): TestClock {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance(ms) {
      now += ms;
    },
    set(at) {
      now = new Date(at).getTime();
    },
  };
}
