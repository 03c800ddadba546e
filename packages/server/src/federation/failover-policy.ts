import * as E from 'fp-ts/Either';
import { FAILOVER_OFF, FailoverPolicy, parseMinHealthy } from '@service-center/core';
import type { ServerConfig } from '../config/schema';

/** The failover policy of plain finds, from the settled configuration (validated when loaded). */
export function failoverPolicyOf(config: ServerConfig): FailoverPolicy {
  return {
    mode: config.failoverMode,
    minHealthy: E.getOrElse(() => FAILOVER_OFF.minHealthy)(parseMinHealthy(config.failoverMinHealthy)),
    order: config.failoverOrder,
    spill: config.failoverSpill,
  };
}
