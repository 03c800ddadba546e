#!/usr/bin/env node
'use strict';
// Thin shim: the compiled entry point lives in dist/, which the published package ships
// (`prepack` builds it); in the repository, `npm run build` or `npm start` builds it.
require('../dist/main.js');
