import { Command } from 'commander';
import { ListOptions, Run, json, withListOptions } from '../context';
import { sourceRecords, sourceTable } from '../tables/sources';

/** `scctl get sources`: each source of the merged view and its health (fresh, stale, quarantined...). */
export function sourcesCommand(run: Run): Command {
  return withListOptions(new Command('sources'))
    .alias('source')
    .description('Output the sources of the merged view and their health')
    .action(
      run<ListOptions>(async (opts, api, io) => {
        const records = sourceRecords(await api.sources());
        io.stdout(opts.output === 'json' ? json(records) : sourceTable(records, opts.output === 'wide', io.now()));
      }),
    );
}
