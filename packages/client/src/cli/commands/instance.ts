import { Command } from 'commander';
import { ListOptions, Run, json, withListOptions } from '../context';
import { instanceRecords, instanceTable } from '../tables/instance';

/** `scctl get inst`: the instances of the dump joined to their services. */
export function instanceCommand(run: Run): Command {
  return withListOptions(new Command('instance'))
    .alias('inst')
    .description('Output the instance information of the service center')
    .action(
      run<ListOptions>(async (opts, api, io) => {
        const filter = { allDomains: opts.allDomains === true, domain: opts.domain };
        const records = instanceRecords(await api.dump(), filter);
        if (opts.output === 'json') io.stdout(json(records));
        else io.stdout(instanceTable(records, { wide: opts.output === 'wide', allDomains: filter.allDomains }, io.now()));
      }),
    );
}
