/**
 * Where accounts, roles and login locks live in the store: Service-Center's own keys, outside
 * every prefix the dump, the change stream and the merged view read, so they stay per cluster.
 */
export const RbacPrefix = {
  account: '/cse-sr/accounts/',
  role: '/cse-sr/roles/',
  lock: '/cse-sr/account-locks/',
} as const;

export const rbacKey = {
  account: (name: string) => `${RbacPrefix.account}${name}`,
  role: (name: string) => `${RbacPrefix.role}${name}`,
  lock: (key: string) => `${RbacPrefix.lock}${key}`,
};
