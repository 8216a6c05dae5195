// What the probe sends to and gets back from its handler, and the probe's result per subnet.

/** One destination for the handler: a host (resolved there) or an address, a port, TLS or not. */
export interface ProbeTarget {
  /** The target spec as the user wrote it. */
  target: string;
  host?: string;
  address?: string;
  port: number;
  tls: boolean;
  /** 6 for internet6: resolve AAAA only. */
  family?: 4 | 6;
}

export type ProbeOutcome =
  | 'connected' | 'timeout' | 'refused' | 'dns-failed' | 'dns-timeout' | 'tls-failed' | 'error' | 'deadline';

/** The handler's answer for one target (see handler-source.ts). */
export interface TargetProbe {
  target: string;
  host?: string;
  port?: number;
  outcome: ProbeOutcome;
  dns?: { addresses?: string[]; error?: string; ms: number };
  tcp?: { address: string; outcome: string; ms: number; error?: string };
  tls?: { outcome: string; ms: number; protocol?: string; certificateValid?: boolean; error?: string };
  error?: string;
}

/** One probe function's run: the subnet it sat in and what it saw (or why it could not run). */
export interface SubnetProbe {
  subnetId: string;
  availabilityZone: string;
  probeFunction: string;
  results: TargetProbe[];
  /** Why this subnet could not be probed (the others still were). */
  error?: string;
}
