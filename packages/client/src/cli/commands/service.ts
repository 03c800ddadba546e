import { Command } from 'commander';
import { ListOptions, Run, json, withListOptions } from '../context';
import { serviceRecords, serviceTable } from '../tables/service';

/** `scctl get svc`: the services of the dump (every cluster's), grouped by tenant, env, app and name. */
export function serviceCommand(run: Run): Command {
  return withListOptions(new Command('service'))
    .alias('svc')
    .description('Output the microservice information of the service center')
    .action(
      run<ListOptions>(async (opts, api, io) => {
        const filter = { allDomains: opts.allDomains === true, domain: opts.domain };
        const records = serviceRecords(await api.dump(), filter);
        if (opts.output === 'json') io.stdout(json(records));
        else io.stdout(serviceTable(records, { wide: opts.output === 'wide', allDomains: filter.allDomains }, io.now()));
      }),
    );
}
