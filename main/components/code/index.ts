import type { ComponentDefinition } from '../../engine/component';
import { jsCell } from './js';
import { pythonCell } from './python';
import { sqlCell } from './sql';

export { jsCell } from './js';
export { pythonCell, bridgeScriptPath } from './python';
export { sqlCell } from './sql';
export { resolvePython, pythonFingerprint, forgetPythonEnvs } from './python-env';
export type { PythonEnv, PythonPackages } from './python-env';

/** The code cells: Python, JavaScript and SQL. */
export const codeComponents: ComponentDefinition[] = [pythonCell, jsCell, sqlCell];
