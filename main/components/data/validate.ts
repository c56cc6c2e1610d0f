import { z } from 'zod';
import { UserError } from '../../../shared/errors';
import { defineComponent } from '../../engine/component';
import { countRows, readTableExpr, tableSchema, withDuck } from '../duck';
import { driftChecks, driftSchema } from './drift';
import type { CheckResult } from './expectations';
import { checkExpectation, expectationSchema } from './expectations';

export interface ValidationReport {
  readonly passed: boolean;
  readonly rows: number;
  readonly referenceRows: number | null;
  readonly checks: readonly CheckResult[];
}

export const validate = defineComponent({
  id: 'data.validate',
  version: 1,
  title: 'Validate',
  category: 'data',
  description:
    'Checks a table against expectations (columns, ranges, allowed values, missing values, uniqueness) and, with a reference table, for schema skew and drift (PSI, KS, chi-square).',
  inputs: {
    table: { type: 'table', description: 'Table to check' },
    reference: { type: 'table', description: 'Baseline for schema and drift checks (e.g. the training data)', optional: true },
  },
  outputs: { report: { type: 'metrics', description: 'Every check with pass/fail, observed value, expectation and message' } },
  params: z.object({
    expectations: z.array(expectationSchema).default([]).describe('Checks on the table'),
    drift: driftSchema,
  }),
  async run(ctx) {
    const { expectations, drift } = ctx.params;
    const input = ctx.inputs.table;
    if (!input) throw new UserError('missing_input', 'input table: not connected; connect the table to validate');
    const reference = ctx.inputs.reference;
    return withDuck(async (conn) => {
      await conn.run(`CREATE VIEW current_table AS SELECT * FROM ${readTableExpr(input.path)}`);
      const columns = await tableSchema(conn, 'current_table');
      const checks: CheckResult[] = [];
      for (const e of expectations) checks.push(...(await checkExpectation(conn, 'current_table', columns, e)));
      let referenceRows: number | null = null;
      if (reference) {
        await conn.run(`CREATE VIEW reference_table AS SELECT * FROM ${readTableExpr(reference.path)}`);
        const refColumns = await tableSchema(conn, 'reference_table');
        referenceRows = await countRows(conn, 'reference_table');
        checks.push(...(await driftChecks(conn, { relation: 'current_table', columns }, { relation: 'reference_table', columns: refColumns }, drift)));
      }
      const rows = await countRows(conn, 'current_table');
      const failed = checks.filter((c) => !c.passed);
      const fatal = failed.filter((c) => c.severity !== 'drift' || drift.onDrift === 'fail');
      const warned = failed.filter((c) => !fatal.includes(c));
      const report: ValidationReport = { passed: fatal.length === 0, rows, referenceRows, checks };
      for (const c of checks) ctx.log(`${c.passed ? 'pass' : 'FAIL'} ${c.name}: ${c.message}`);
      if (fatal.length > 0) {
        throw new UserError(
          'validation_failed',
          [`${fatal.length} of ${checks.length} check(s) failed:`, ...fatal.map((c) => `- ${c.name}: ${c.message}`)].join('\n'),
          { report },
        );
      }
      const driftedColumns = new Set(checks.filter((c) => c.severity === 'drift' && !c.passed).map((c) => c.column));
      return {
        outputs: { report: { json: report } },
        metrics: { checks: checks.length, failed: failed.length, drifted_columns: driftedColumns.size, rows },
        warnings: warned.map((c) => `drift: ${c.name}: ${c.message}`),
      };
    }, { signal: ctx.signal });
  },
});
