// Prints a scenario's figures as one aligned block, and keeps them for the summary table.
'use strict';

const rows = [];

const fmt = (v) => (typeof v === 'number' ? (Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1)) : String(v)) : String(v));

function report(scenario, build, figures) {
  rows.push({ scenario, build, figures });
  const parts = Object.entries(figures).map(([k, v]) => `${k}=${fmt(v)}`);
  console.log(`[${scenario}] ${build}: ${parts.join('  ')}`);
}

/** Each scenario's figures for every build, side by side. */
function summary() {
  const byScenario = new Map();
  for (const r of rows) {
    if (!byScenario.has(r.scenario)) byScenario.set(r.scenario, []);
    byScenario.get(r.scenario).push(r);
  }
  console.log('\n== figures ==');
  for (const [scenario, list] of byScenario) {
    const keys = [...new Set(list.flatMap((r) => Object.keys(r.figures)))];
    console.log(`\n${scenario}`);
    const cell = (v) => String(v).slice(0, 28).padEnd(30);
    console.log(['figure', ...list.map((r) => r.build)].map(cell).join(''));
    for (const k of keys) console.log([k, ...list.map((r) => fmt(r.figures[k] ?? '-'))].map(cell).join(''));
  }
}

module.exports = { report, summary };
