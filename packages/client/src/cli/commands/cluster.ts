import { Command } from 'commander';
import { ListOptions, Run, json, withListOptions } from '../context';
import { clusterRecords, clusterTable } from '../tables/cluster';

/** `scctl get cluster`: the clusters the server knows (`GET /v4/default/admin/clusters`), itself included. */
export function clusterCommand(run: Run): Command {
  return withListOptions(new Command('cluster'))
    .alias('clusters')
    .description('Output the clusters of the service center federation')
    .action(
      run<ListOptions>(async (opts, api, io) => {
        const records = clusterRecords(await api.clusters());
        io.stdout(opts.output === 'json' ? json(records) : clusterTable(records));
      }),
    );
}
