import type { RegistryDeps } from '../registry/deps';
import type { AlarmRegistry } from './alarms';
import type { DiscoverySource } from './discovery-source';
import type { SelfRegistration } from './self-registration';
import type { InstanceView } from './self-preservation';

/**
 * What the instance, discovery and admin routes need besides RegistryDeps: the instance view
 * (self-preservation), the discovery source read through it, alarms, SC's own registration and
 * this server's URL (known once it listens).
 */
export type DiscoveryRuntime = Readonly<{
  view: InstanceView;
  source: DiscoverySource;
  alarms: AlarmRegistry;
  self: SelfRegistration;
  selfUrl: () => string;
}>;

export type { RegistryDeps };
