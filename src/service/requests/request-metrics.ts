/**
 * Counts requests from the change feed: every stored change is one transition (its newest history
 * entry), and an approval is the one change that leaves a pending request pending (more approvals
 * needed) or approved.
 */
import type { RequestListener } from '../api.js';
import type { ServiceMetrics } from '../ports.js';

export function countRequestChanges(
  metrics: Pick<ServiceMetrics, 'requestChanged' | 'approvalGiven'>,
): RequestListener {
  return (request) => {
    const change = request.history.at(-1);
    if (!change) return;
    metrics.requestChanged(request.kind, change.from, change.to);
    if (change.from === 'pending' && (change.to === 'pending' || change.to === 'approved')) {
      metrics.approvalGiven(request.kind);
    }
  };
}
