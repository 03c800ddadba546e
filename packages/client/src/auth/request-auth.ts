/**
 * How requests to one server address are authenticated. The transport asks for the headers of
 * each call (and websocket upgrade), and reports a 401 so the next call gets a new token.
 */
export interface RequestAuth {
  /** Headers that authenticate a request to `endpoint` (none when the server has no RBAC). */
  headersFor(endpoint: string): Promise<Readonly<Record<string, string>>>;
  /** `endpoint` answered 401 to a request sent with `sent`: forget that token. True when a retry may help. */
  rejected(endpoint: string, sent: Readonly<Record<string, string>>): boolean;
}
