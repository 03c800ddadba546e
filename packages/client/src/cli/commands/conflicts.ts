import { Command } from 'commander';
import { ListOptions, Run, json, withListOptions } from '../context';
import { conflictRecords, conflictTable } from '../tables/conflicts';

/** `scctl get conflicts`: where clusters disagree about a service or instance, and who won. */
export function conflictsCommand(run: Run): Command {
  return withListOptions(new Command('conflicts'))
    .alias('conflict')
    .description('Output the conflicts of the merged view (same key, different ids or definitions)')
    .action(
      run<ListOptions>(async (opts, api, io) => {
        const filter = { allDomains: opts.allDomains === true, domain: opts.domain };
        const records = conflictRecords(await api.conflicts(), filter);
        if (opts.output === 'json') io.stdout(json(records));
        else io.stdout(conflictTable(records, { wide: opts.output === 'wide', allDomains: filter.allDomains }));
      }),
    );
}
