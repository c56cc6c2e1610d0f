import { z } from 'zod';
import { defineComponent } from '../../engine/component';
import { runSqlQuery } from '../data/sql';

export const sqlCell = defineComponent({
  id: 'code.sql',
  version: 1,
  title: 'SQL cell',
  category: 'code',
  description: 'A notebook cell holding one DuckDB SQL query over its table inputs, each a view named after its port.',
  inputs: {},
  outputs: { table: { type: 'table', description: 'The query result' } },
  dynamicInputs: 'table',
  codeLanguage: 'sql',
  params: z.object({}),
  run: (ctx) => runSqlQuery(ctx, ctx.code ?? '', 'code'),
});
