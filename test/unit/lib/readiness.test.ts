import { describe, expect, it } from 'vitest';
import type { Log } from '../../../src/lib/log.js';
import { createReadiness } from '../../../src/lib/readiness.js';
import { recordingLogger } from '../../helpers/recording-logger.js';

const quiet: Log = { debug() {}, info() {}, warn() {}, error() {} };

function dependency() {
  let calls = 0;
  let answer: 'ok' | 'fail' | 'hang' = 'ok';
  return {
    get calls() {
      return calls;
    },
    set(next: typeof answer) {
      answer = next;
    },
    run: () => {
      calls += 1;
      if (answer === 'hang') return new Promise<void>(() => {});
      return answer === 'ok' ? Promise.resolve() : Promise.reject(new Error('no answer'));
    },
  };
}

describe('readiness', () => {
  it('is ready once started and while every check answers, and not while draining', async () => {
    const store = dependency();
    const readiness = createReadiness({ checks: [{ name: 'store', run: store.run }], log: quiet });
    expect(await readiness.report()).toEqual({
      ready: false,
      started: false,
      draining: false,
      checks: { store: 'ok' },
    });
    readiness.markStarted();
    expect((await readiness.report()).ready).toBe(true);
    store.set('fail');
    expect(await readiness.report()).toEqual({
      ready: false,
      started: true,
      draining: false,
      checks: { store: 'failing' },
    });
    store.set('ok');
    readiness.startDraining();
    expect(await readiness.report()).toEqual({ ready: false, started: true, draining: true, checks: { store: 'ok' } });
  });

  it('reuses a success for reuseOkMs, never a failure', async () => {
    let now = 0;
    const slack = dependency();
    const readiness = createReadiness({
      checks: [{ name: 'slack', run: slack.run, reuseOkMs: 30_000 }],
      log: quiet,
      now: () => now,
    });
    readiness.markStarted();
    await readiness.report();
    now = 29_999;
    await readiness.report();
    expect(slack.calls).toBe(1);
    now = 30_000;
    slack.set('fail');
    expect((await readiness.report()).checks.slack).toBe('failing');
    expect((await readiness.report()).checks.slack).toBe('failing');
    expect(slack.calls).toBe(3);
  });

  it('answers when a dependency hangs: the check fails at its time limit', async () => {
    const store = dependency();
    store.set('hang');
    const log = recordingLogger();
    const readiness = createReadiness({
      checks: [{ name: 'store', run: store.run }],
      log,
      timeoutMs: 20,
    });
    readiness.markStarted();
    expect((await readiness.report()).checks.store).toBe('failing');
    expect(log.lines).toEqual([{ level: 'warn', text: 'not ready: store: store did not answer within 20 ms' }]);
  });
});
