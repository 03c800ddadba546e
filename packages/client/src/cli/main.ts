import { runScctl } from './scctl';

/** The `scctl` binary (bin/scctl.js). */
runScctl(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  now: Date.now,
  env: process.env,
})
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err: unknown) => {
    process.stderr.write(`scctl: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  });
