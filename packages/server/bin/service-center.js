#!/usr/bin/env node
'use strict';
// Thin shim: the compiled entry point lives in dist/ (run `npm run build` first).
require('../dist/main.js');
