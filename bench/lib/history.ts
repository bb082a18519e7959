/** `/secgroup history` against a store holding many requests: command → ack, and → the answer at the response_url. */
import type { Harness } from './harness.js';
import { commandPayload, type SlackSender } from './slack-load.js';
import { roundSummary, type Summary, summarize } from './stats.js';

export interface HistoryResult {
  storedRequests: number;
  samples: number;
  ackMs: Summary;
  responseMs: Summary;
  errors: number;
}

export async function measureHistory(
  harness: Harness,
  app: SlackSender,
  storedRequests: number,
  samples: number,
): Promise<HistoryResult> {
  const ack: number[] = [];
  const response: number[] = [];
  let errors = 0;
  for (let i = 0; i < samples; i++) {
    const id = `bench.history.${i}`;
    const sent = await app.send(
      'command',
      commandPayload({ text: 'history', trigger: id, responseUrl: harness.responseUrl(id) }),
    );
    const answered = sent.status === 200 ? await harness.slack.take(`respond:${id}`, 10_000) : undefined;
    if (!answered) {
      errors += 1;
      continue;
    }
    ack.push(sent.answeredAt - sent.sentAt);
    response.push(answered.at - sent.sentAt);
  }
  return {
    storedRequests,
    samples,
    ackMs: roundSummary(summarize(ack)),
    responseMs: roundSummary(summarize(response)),
    errors,
  };
}
