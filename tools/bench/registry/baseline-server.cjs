#!/usr/bin/env node
// The find benchmark's baseline: a bare node:http server answering, from memory, the exact
// bytes (body and the same header names) our server gave for each find URL. It does no routing,
// parsing or lookup work beyond one Map.get, so it shows what the machine and the load generator
// manage with no registry in the way.
//
//   node baseline-server.cjs --port <port> --bodies <file.json>
//
// <file.json>: { "<path?query>": { "body": "<text>", "headers": { "<name>": "<value>" } } }
// Listens on 127.0.0.1 only.
'use strict';
const fs = require('node:fs');
const http = require('node:http');

function arg(name) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || i + 1 >= process.argv.length) {
    process.stderr.write(`baseline-server: --${name} is required\n`);
    process.exit(2);
  }
  return process.argv[i + 1];
}

const port = Number(arg('port'));
const answers = new Map();
for (const [path, a] of Object.entries(JSON.parse(fs.readFileSync(arg('bodies'), 'utf8')))) {
  const body = Buffer.from(a.body, 'utf8');
  answers.set(path, { body, headers: { ...a.headers, 'Content-Length': String(body.length) } });
}
const notFound = Buffer.from('{"errorCode":"404","errorMessage":"not found"}');

const server = http.createServer((req, res) => {
  const a = answers.get(req.url);
  if (a === undefined) {
    res.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(notFound.length) });
    res.end(notFound);
    return;
  }
  res.writeHead(200, a.headers);
  res.end(a.body);
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => process.stdout.write(`baseline listening on 127.0.0.1:${port}\n`));
const stop = () => server.close(() => process.exit(0)) && server.closeAllConnections();
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
