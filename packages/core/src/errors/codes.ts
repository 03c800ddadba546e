/** Service-Center error codes (cari discovery/error.go) and their fixed messages. */
export const SC_MESSAGES = {
  400001: 'Invalid parameter(s)',
  400002: 'Server is Unhealthy',
  400010: 'Micro-service already exists',
  400012: 'Micro-service does not exist',
  400013: 'Micro-service has deployed instance(s)',
  400014: 'Undefined schema id',
  400015: 'Not allowed to modify schema',
  400016: 'Schema does not exist',
  400017: 'Instance does not exist',
  400018: 'Tag does not exist',
  400023: 'Consumer(s) depends on this micro-service',
  400024: 'Access micro-service refused',
  400025: 'Endpoint is already belong to other service',
  400026: 'Micro-service version does not exist',
  400100: 'Not enough quota',
  403001: 'Forbidden',
  404001: 'Not Found',
  405001: 'Method Not Allowed',
  413001: 'Request Entity Too Large',
  500003: 'Internal server error',
  500011: 'Registry service is unavailable',
  500101: 'Quota service is unavailable',
} as const;

export type ScCode = keyof typeof SC_MESSAGES;

/** Named codes, so callers never write bare numbers. */
export const ScCodes = {
  InvalidParams: 400001,
  UnhealthyServer: 400002,
  ServiceAlreadyExists: 400010,
  ServiceNotExists: 400012,
  DeployedInstance: 400013,
  UndefinedSchemaId: 400014,
  ModifySchemaNotAllowed: 400015,
  SchemaNotExists: 400016,
  InstanceNotExists: 400017,
  TagNotExists: 400018,
  DependedOnConsumer: 400023,
  PermissionDeny: 400024,
  EndpointAlreadyExists: 400025,
  ServiceVersionNotExists: 400026,
  NotEnoughQuota: 400100,
  Forbidden: 403001,
  NotFound: 404001,
  MethodNotAllowed: 405001,
  PayloadTooLarge: 413001,
  Internal: 500003,
  Unavailable: 500011,
  QuotaUnavailable: 500101,
} as const satisfies Record<string, ScCode>;

export function isScCode(n: number): n is ScCode {
  return Object.prototype.hasOwnProperty.call(SC_MESSAGES, n);
}

/** HTTP status of an SC code: code / 1000, rounded down (400001 -> 400). */
export function httpStatusOf(code: number): number {
  return Math.floor(code / 1000);
}
