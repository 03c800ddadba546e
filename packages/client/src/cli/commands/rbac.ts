import { Command } from 'commander';
import { OutputFormat, Run, json, withOutputOption } from '../context';
import { accountRecords, accountTable, roleRecords, roleTable } from '../tables/rbac';

type OutputOptions = Readonly<{ output?: OutputFormat }>;

/** `scctl get account [name]`: the RBAC accounts (`GET /v4/accounts`), or one of them. */
export function accountCommand(run: Run): Command {
  return withOutputOption(new Command('account'))
    .alias('accounts')
    .argument('[name]', 'only this account')
    .description('Output the accounts of service center (RBAC)')
    .action(
      run<OutputOptions>(async (opts, api, io, args) => {
        const name = args[0];
        const records = accountRecords(name !== undefined ? [await api.account(name)] : await api.accounts());
        io.stdout(opts.output === 'json' ? json(records) : accountTable(records, opts.output === 'wide', io.now()));
      }),
    );
}

/** `scctl get role [name]`: the RBAC roles and their permissions (`GET /v4/roles`), or one of them. */
export function roleCommand(run: Run): Command {
  return withOutputOption(new Command('role'))
    .alias('roles')
    .argument('[name]', 'only this role')
    .description('Output the roles of service center and their permissions (RBAC)')
    .action(
      run<OutputOptions>(async (opts, api, io, args) => {
        const name = args[0];
        const records = roleRecords(name !== undefined ? [await api.role(name)] : await api.roles());
        io.stdout(opts.output === 'json' ? json(records) : roleTable(records, opts.output === 'wide', io.now()));
      }),
    );
}
