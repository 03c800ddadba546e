import { Command, CommanderError } from 'commander';
import {
  CliExit,
  CliIo,
  CommandBody,
  EXIT_ERROR,
  EXIT_OK,
  GlobalOptions,
  Run,
  apiOf,
  collectAddr,
  defaultAddress,
  exitFor,
  parseDuration,
} from './context';
import { clusterCommand } from './commands/cluster';
import { conflictsCommand } from './commands/conflicts';
import { healthCommand } from './commands/health';
import { instanceCommand } from './commands/instance';
import { schemaCommand } from './commands/schema';
import { serviceCommand } from './commands/service';
import { sourcesCommand } from './commands/sources';
import { versionCommand } from './commands/version';
import { accountCommand, roleCommand } from './commands/rbac';

/** Build the `scctl` program; its actions record the exit code in `state`. */
export function scctlProgram(io: CliIo, state: { code: number }): Command {
  const program = new Command('scctl');
  const run: Run =
    <O>(body: CommandBody<O>) =>
    async (...args: unknown[]) => {
      const cmd = args[args.length - 1] as Command;
      const globals = program.opts<GlobalOptions>();
      try {
        // commander passes the positional arguments, then the options, then the command
        const positional = args.slice(0, -2).map((a) => (typeof a === 'string' ? a : undefined));
        state.code = (await body(cmd.opts() as O, apiOf(globals, io), io, positional)) ?? EXIT_OK;
      } catch (err) {
        const exit = exitFor(err, globals.account ?? (io.env.SC_ACCOUNT || undefined));
        io.stderr(`scctl: ${exit.message}\n`);
        state.code = exit.code;
      }
    };
  program
    .usage('<command> [options]')
    .description('The admin control command of service center')
    .option('--addr <url>', `the http host and port of service center, repeatable or comma separated (default "${defaultAddress(io.env)}")`, collectAddr)
    .option('--token <token>', 'the auth token string to access service center')
    .option('--account <name>', 'log in (RBAC) as this account at each address; env SC_ACCOUNT')
    .option('--password-file <file>', "a file holding the account's password; env SC_PASSWORD holds the password itself")
    .option('--ca <file>', 'PEM file of the CA that signed the server certificate (https addresses)')
    .option('--cert <file>', 'PEM file of the client certificate, for servers that verify clients (with --key)')
    .option('--key <file>', 'PEM file of the private key of --cert')
    .option('-t, --timeout <duration>', 'the maximum time allowed for a request', parseDuration, 10_000)
    .option('-v, --verbose', 'make the operation more talkative')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });

  const get = new Command('get')
    .usage('<command> [options]')
    .description('Output the resources information of service center')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  for (const c of [
    clusterCommand(run),
    serviceCommand(run),
    instanceCommand(run),
    schemaCommand(run),
    conflictsCommand(run),
    sourcesCommand(run),
    accountCommand(run),
    roleCommand(run),
  ]) {
    get.addCommand(c.showHelpAfterError().exitOverride().configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) }));
  }
  program.addCommand(get);
  for (const c of [healthCommand(run), versionCommand(run)]) {
    program.addCommand(c.showHelpAfterError().exitOverride().configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) }));
  }
  return program;
}

/**
 * Run scctl with the arguments after the program name; resolves to the exit code.
 * Usage errors (unknown flag or command, bad value) print the usage and give 1, as
 * Service-Center's scctl does; an unreachable server gives 2.
 */
export async function runScctl(args: readonly string[], io: CliIo): Promise<number> {
  const state = { code: EXIT_OK };
  const program = scctlProgram(io, state);
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version displays exit 0; a bare `scctl`/`scctl get` shows help and exits 1
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? EXIT_OK : EXIT_ERROR;
    }
    if (err instanceof CliExit) {
      io.stderr(`scctl: ${err.message}\n`);
      return err.code;
    }
    throw err;
  }
  return state.code;
}
