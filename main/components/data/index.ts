import type { ComponentDefinition } from '../../engine/component';
import { note } from '../note';
import { profile } from './profile';
import { readCsv } from './read-csv';
import { readParquet } from './read-parquet';
import { sample } from './sample';
import { split } from './split';
import { sqlTransform } from './sql';
import { validate } from './validate';
import { write } from './write';

/** The built-in data components, plus the note. (The SQL cell is a code cell: code/index.ts.) */
export const dataComponents: ComponentDefinition[] = [readCsv, readParquet, sqlTransform, split, sample, profile, validate, write, note];

export { profile, readCsv, readParquet, sample, split, sqlTransform, validate, write, note };
