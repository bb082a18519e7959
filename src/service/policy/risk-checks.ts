/**
 * Flags planned rules that open all ports, or a port attackers scan for, to the whole internet.
 * Findings are shown to requester and approvers; they never block a request.
 */
import type { Protocol, RiskFinding, Rule } from '../types.js';

interface SensitivePort {
  port: number;
  service: string;
  protocols: readonly Protocol[];
}

const TCP = ['TCP'] as const;
const TCP_UDP = ['TCP', 'UDP'] as const;

/** Remote access, databases, caches and daemons that should never face the internet. */
export const SENSITIVE_PORTS: readonly SensitivePort[] = [
  { port: 21, service: 'FTP', protocols: TCP },
  { port: 22, service: 'SSH', protocols: TCP },
  { port: 23, service: 'Telnet', protocols: TCP },
  { port: 135, service: 'Windows RPC', protocols: TCP_UDP },
  { port: 137, service: 'NetBIOS', protocols: TCP_UDP },
  { port: 138, service: 'NetBIOS', protocols: TCP_UDP },
  { port: 139, service: 'NetBIOS', protocols: TCP_UDP },
  { port: 161, service: 'SNMP', protocols: ['UDP'] },
  { port: 445, service: 'SMB', protocols: TCP_UDP },
  { port: 1433, service: 'SQL Server', protocols: TCP },
  { port: 1521, service: 'Oracle', protocols: TCP },
  { port: 2375, service: 'Docker', protocols: TCP },
  { port: 2376, service: 'Docker TLS', protocols: TCP },
  { port: 2379, service: 'etcd', protocols: TCP },
  { port: 3306, service: 'MySQL', protocols: TCP },
  { port: 3389, service: 'RDP', protocols: TCP_UDP },
  { port: 5432, service: 'PostgreSQL', protocols: TCP },
  { port: 5900, service: 'VNC', protocols: TCP },
  { port: 5984, service: 'CouchDB', protocols: TCP },
  { port: 6379, service: 'Redis', protocols: TCP },
  { port: 6443, service: 'Kubernetes API', protocols: TCP },
  { port: 8086, service: 'InfluxDB', protocols: TCP },
  { port: 9200, service: 'Elasticsearch', protocols: TCP },
  { port: 9300, service: 'Elasticsearch', protocols: TCP },
  { port: 10250, service: 'Kubelet', protocols: TCP },
  { port: 11211, service: 'memcached', protocols: TCP_UDP },
  { port: 27017, service: 'MongoDB', protocols: TCP },
];

/** Names shown in one finding before the rest are counted. */
const NAMED_MAX = 3;

function opensToInternet(rule: Rule): boolean {
  if (rule.direction !== 'inbound' || rule.action !== 'ACCEPT') return false;
  const { peer } = rule;
  return (peer.kind === 'ipv4' && peer.cidr === '0.0.0.0/0') || (peer.kind === 'ipv6' && peer.cidr === '::/0');
}

/** Whether a canonical port spec ("22", "80,443", "8000-8010") includes `port`. */
function includesPort(spec: string, port: number): boolean {
  const range = /^(\d+)-(\d+)$/.exec(spec);
  if (range) return Number(range[1]) <= port && port <= Number(range[2]);
  return spec.split(',').some((p) => Number(p) === port);
}

function describeOpenPorts(rule: Rule): string | undefined {
  if (rule.protocol === 'ALL') return 'All ports open to the internet';
  if (rule.protocol !== 'TCP' && rule.protocol !== 'UDP') return undefined;
  if (rule.port === 'ALL') return `All ${rule.protocol} ports open to the internet`;
  const exposed = SENSITIVE_PORTS.filter((s) => s.protocols.includes(rule.protocol) && includesPort(rule.port, s.port));
  if (exposed.length === 0) return undefined;
  const named = exposed.slice(0, NAMED_MAX).map((s) => `${s.service} (${s.port})`);
  const more = exposed.length - named.length;
  const list = more > 0 ? `${named.join(', ')} and ${more} more sensitive ports` : joinAnd(named);
  return `${list} open to the internet`;
}

function joinAnd(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** One finding per risky rule, in rule order. */
export function assessRisk(rules: readonly Rule[]): RiskFinding[] {
  const findings: RiskFinding[] = [];
  rules.forEach((rule, ruleIndex) => {
    if (!opensToInternet(rule)) return;
    const message = describeOpenPorts(rule);
    if (message) findings.push({ ruleIndex, severity: 'warning', message });
  });
  return findings;
}
