import { Command } from 'commander';
import { isScClientError, isUnreachable } from '../../errors';
import { CliExit, EXIT_ABNORMAL, EXIT_UNAVAILABLE, Run } from '../context';

/**
 * `scctl health` (`GET /v4/default/registry/health`), with Service-Center's exit codes:
 * 0 healthy (nothing printed), 1 scctl failed, 2 unavailable (no answer, or an internal
 * server error), 3 abnormal (any other error, e.g. 400002 "Server is Unhealthy").
 */
export function healthCommand(run: Run): Command {
  return new Command('health').description('Output the health check result of service center').action(
    run<Record<string, never>>(async (_opts, api) => {
      try {
        await api.health();
      } catch (err) {
        // No answer, or no access (login, certificate): scctl's common exits say what to pass.
        if (isUnreachable(err) || (isScClientError(err) && (err.status === 401 || err.status === 403))) throw err;
        if (isScClientError(err) && err.status !== undefined && err.status >= 500) throw new CliExit(EXIT_UNAVAILABLE, err.message);
        if (isScClientError(err)) throw new CliExit(EXIT_ABNORMAL, err.message);
        throw err;
      }
    }),
  );
}
