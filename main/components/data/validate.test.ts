import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../shared/errors';
import { csvToParquet, withDuck, writeParquet } from '../duck';
import { createTestContext, fixturePath } from '../test-context';
import type { TestContext } from '../test-context';
import type { ValidationReport } from './validate';
import { validate } from './validate';

let dir: string;
let penguins: string;
let shifted: string;
let renamed: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nodebook-validate-'));
  penguins = join(dir, 'penguins.parquet');
  shifted = join(dir, 'shifted.parquet');
  renamed = join(dir, 'renamed.parquet');
  await withDuck(async (conn) => {
    await csvToParquet(conn, fixturePath('penguins.csv'), penguins, { nullValues: ['', 'NA'] });
    // Heavier birds, and most Adelie relabelled Gentoo: drift in body_mass_g and species.
    await writeParquet(
      conn,
      `SELECT * REPLACE (body_mass_g + 600 AS body_mass_g, CASE WHEN species = 'Adelie' AND year > 2007 THEN 'Gentoo' ELSE species END AS species)
       FROM read_parquet('${penguins}')`,
      shifted,
    );
    await writeParquet(conn, `SELECT * EXCLUDE (year, sex), sex AS gender FROM read_parquet('${penguins}')`, renamed);
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const contexts: TestContext<unknown>[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((t) => t.cleanup()));
});

async function runValidate(params: unknown, inputs: Record<string, string>) {
  const t = await createTestContext(validate, { params, inputs });
  contexts.push(t);
  return t.run();
}

function reportOf(err: unknown): ValidationReport {
  if (!(err instanceof UserError)) throw new Error(`expected a UserError, got ${String(err)}`);
  return (err.details as { report: ValidationReport }).report;
}

const expectations = [
  { kind: 'columns', required: [{ name: 'species', type: 'string' }, { name: 'body_mass_g', type: 'integer' }, { name: 'bill_length_mm', type: 'DOUBLE' }] },
  { kind: 'range', column: 'bill_length_mm', min: 30, max: 60 },
  { kind: 'allowed', column: 'species', values: ['Adelie', 'Chinstrap', 'Gentoo'] },
  { kind: 'allowed', column: 'year', values: [2007, 2008, 2009] },
  { kind: 'nulls', column: 'sex', maxFraction: 0.05 },
];

describe('data.validate', () => {
  it('passes expectations that hold, with a report of every check', async () => {
    const result = await runValidate({ expectations }, { table: penguins });
    const out = result.outputs.report;
    if (!out || !('json' in out)) throw new Error('no report');
    const report = out.json as ValidationReport;
    expect(report.passed).toBe(true);
    expect(report.checks).toHaveLength(7);
    expect(report.checks.find((c) => c.name === 'nulls(sex)')?.observed).toEqual({ missing: 11, fraction: 11 / 344 });
    expect(result.metrics).toMatchObject({ checks: 7, failed: 0 });
  });

  it('fails listing each failed check, with the report in details', async () => {
    const err = await runValidate(
      {
        expectations: [
          { kind: 'range', column: 'body_mass_g', max: 6000 },
          { kind: 'allowed', column: 'island', values: ['Biscoe', 'Dream'] },
          { kind: 'nulls', column: 'sex', maxFraction: 0.01 },
          { kind: 'unique', column: 'year' },
          { kind: 'columns', required: [{ name: 'wing_span' }] },
          { kind: 'range', column: 'species', min: 0 },
        ],
      },
      { table: penguins },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    const message = (err as UserError).message;
    expect(message).toMatch(/^6 of 6 check\(s\) failed/);
    expect(message).toContain('range(body_mass_g): 2 value(s) outside [-∞, 6000] (observed 2700 to 6300)');
    expect(message).toContain('allowed(island): 52 value(s) not allowed, e.g. "Torgersen"');
    expect(message).toContain('unique(year): 341 duplicate value(s)');
    expect(message).toContain('column "wing_span" is missing');
    expect(message).toContain('range needs a numeric column; "species" is VARCHAR');
    expect(reportOf(err).passed).toBe(false);
  });

  it('finds no drift between a table and itself', async () => {
    const result = await runValidate({}, { table: penguins, reference: penguins });
    expect(result.metrics).toMatchObject({ failed: 0, drifted_columns: 0 });
    expect(result.warnings).toEqual([]);
  });

  it('detects drift in a shifted copy: fails by default, warns in warn mode', async () => {
    const err = await runValidate({}, { table: shifted, reference: penguins }).catch((e: unknown) => e);
    const report = reportOf(err);
    const failed = report.checks.filter((c) => !c.passed).map((c) => c.name);
    expect(failed).toEqual(['drift.psi(species)', 'drift.chi2(species)', 'drift.psi(body_mass_g)', 'drift.ks(body_mass_g)']);
    const ks = report.checks.find((c) => c.name === 'drift.ks(body_mass_g)');
    expect(ks?.observed).toBeGreaterThan(0.25);
    expect(report.checks.find((c) => c.name === 'drift.ks(bill_length_mm)')?.observed).toBe(0);

    const warned = await runValidate({ drift: { onDrift: 'warn' } }, { table: shifted, reference: penguins });
    expect(warned.warnings).toHaveLength(4);
    expect(warned.warnings?.[0]).toMatch(/^drift: drift\.psi\(species\): PSI/);
    expect(warned.metrics).toMatchObject({ drifted_columns: 2 });
  });

  it('fails on schema skew even in warn mode', async () => {
    const err = await runValidate({ drift: { onDrift: 'warn' } }, { table: renamed, reference: penguins }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toContain('schema: schema differs from the reference: missing column(s) sex, year; extra column(s) gender');
  });
});
