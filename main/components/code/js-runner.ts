/**
 * The script a JavaScript cell's child process runs (written to the execution's tmp dir as
 * runner.mjs). It is plain JS in a string so it needs no build step and runs under any Node
 * (or Electron as Node) without the app's modules.
 *
 * Protocol: argv[2] is a spec JSON {nodeId, code, inputsPath, outputs, outputDir, resultPath}.
 * The cell's code becomes the body of an async function whose parameters are the inputs; its
 * returned object holds the outputs. The outcome goes to resultPath, never stdout, which is the
 * cell's console. Exit status 0 = ok, 1 = a user error described in the result.
 */
export const JS_RUNNER_SOURCE = String.raw`
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, resolve } from 'node:path';
import vm from 'node:vm';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const filename = '<cell ' + spec.nodeId + '>';

// Exit when the worker that started us dies, so no cell outlives its run.
const parent = process.ppid;
setInterval(() => { if (process.ppid !== parent) process.exit(137); }, 1000).unref();

function finish(result) {
  writeFileSync(spec.resultPath, JSON.stringify(result));
  process.exit(result.ok ? 0 : 1);
}

function typeName(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return v.constructor && v.constructor.name !== 'Object' ? v.constructor.name : 'object';
  return typeof v;
}

class CellError extends Error {
  constructor(kind, message, found) { super(message); this.kind = kind; this.found = found; }
}

// The cell's own frames only, as "<cell id>:line:col" lines; the runner and Node internals go.
function cellFrames(err) {
  const stack = typeof err?.stack === 'string' ? err.stack : '';
  return stack.split('\n').filter((l) => /^\s+at /.test(l) && l.includes(filename));
}
function lineOf(text) {
  const m = text.match(new RegExp(filename.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&') + ':(\\d+)'));
  return m ? Number(m[1]) : null;
}

function failFromThrown(err) {
  const message = err instanceof Error ? err.name + ': ' + err.message : 'Uncaught ' + typeName(err) + ': ' + String(err);
  if (err instanceof SyntaxError && typeof err.stack === 'string' && err.stack.startsWith(filename)) {
    // V8 puts the location and a caret above the message for compile errors
    const head = err.stack.split('\n\n')[0];
    finish({ ok: false, error: { kind: 'exception', message, traceback: head + '\n' + message, line: lineOf(head) } });
  }
  const frames = cellFrames(err);
  const traceback = [message, ...frames].join('\n');
  finish({ ok: false, error: { kind: 'exception', message, traceback, line: frames.length ? lineOf(frames[0]) : null } });
}

function jsonSafe(v, where) {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (Array.isArray(v)) return v.map((x) => jsonSafe(x, where));
  if (ArrayBuffer.isView(v)) return Array.from(v);
  if (typeof v === 'object') {
    const out = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = jsonSafe(x, where);
    return out;
  }
  throw new CellError('wrong_type', where + ' holds a ' + typeName(v) + ', which cannot be written as JSON', typeName(v));
}

function writeTable(name, value) {
  if (!Array.isArray(value)) {
    throw new CellError('wrong_type', 'output \x60' + name + '\x60 must be a table (an array of row objects), found ' + typeName(value), typeName(value));
  }
  if (value.length === 0) {
    throw new CellError('wrong_type', 'output \x60' + name + '\x60 is an empty array: a table needs at least one row to know its columns', 'array');
  }
  const path = join(spec.outputDir, name + '.jsonl');
  const fd = openSync(path, 'w');
  try {
    value.forEach((row, i) => {
      if (row === null || typeof row !== 'object' || Array.isArray(row)) {
        throw new CellError('wrong_type', 'output \x60' + name + '\x60 row ' + i + ' must be an object of column values, found ' + typeName(row), typeName(row));
      }
      writeSync(fd, JSON.stringify(jsonSafe(row, 'output \x60' + name + '\x60 row ' + i)) + '\n');
    });
  } finally {
    closeSync(fd);
  }
  return { kind: 'table', path, rows: value.length };
}

function writeJson(name, value) {
  const path = join(spec.outputDir, name + '.json');
  writeFileSync(path, JSON.stringify(jsonSafe(value, 'output \x60' + name + '\x60')));
  return { kind: 'json', path };
}

function writePath(name, value, kind) {
  if (typeof value !== 'string') {
    const what = kind === 'model' ? 'the path (a string) of an ONNX file the cell wrote' : 'a path (a string) to a file';
    throw new CellError('wrong_type', 'output \x60' + name + '\x60 must be ' + what + ', found ' + typeName(value), typeName(value));
  }
  const source = resolve(value);
  if (!existsSync(source) || !statSync(source).isFile()) {
    throw new CellError('missing_file', 'output \x60' + name + '\x60 names the file \'' + value + '\', which does not exist (relative paths start at the workspace folder)', 'string');
  }
  const path = join(spec.outputDir, name + (kind === 'model' ? '.onnx' : extname(source)));
  copyFileSync(source, path);
  return { kind: 'file', path };
}

function writeOutput(name, type, value) {
  switch (type) {
    case 'table': return writeTable(name, value);
    case 'metrics':
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new CellError('wrong_type', 'output \x60' + name + '\x60 must be metrics (an object of names to numbers), found ' + typeName(value), typeName(value));
      }
      return writeJson(name, value);
    case 'figure':
      if (value === null || typeof value !== 'object' || !Array.isArray(value.data)) {
        throw new CellError('wrong_type', 'output \x60' + name + '\x60 must be a figure (Plotly JSON: an object with a data array), found ' + typeName(value), typeName(value));
      }
      return writeJson(name, value);
    case 'value': return writeJson(name, value);
    case 'model':
    case 'file': return writePath(name, value, type);
    default: throw new CellError('wrong_type', 'output \x60' + name + '\x60 has the unknown port type ' + type, typeName(value));
  }
}

const inputs = JSON.parse(readFileSync(spec.inputsPath, 'utf8'));
const names = Object.keys(inputs);
const params = [...names, ...(names.includes('require') ? [] : ['require'])];
const args = [...names.map((n) => inputs[n]), createRequire(join(process.cwd(), 'cell.js'))];

let fn;
try {
  const options = { filename, lineOffset: -1 };
  if (vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER) options.importModuleDynamically = vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  // The header sits on its own line and lineOffset -1 cancels it: cell line 1 is line 1.
  fn = new vm.Script('(async function (' + params.join(', ') + ') {\n' + spec.code + '\n})', options).runInThisContext();
} catch (err) {
  failFromThrown(err);
}

let returned;
try {
  returned = await fn(...args);
} catch (err) {
  failFromThrown(err);
}

const declared = Object.entries(spec.outputs);
if (declared.length > 0 && (returned === null || typeof returned !== 'object' || Array.isArray(returned))) {
  finish({ ok: false, error: { kind: 'missing_output', output: declared[0][0],
    message: 'cell \x60' + spec.nodeId + '\x60 must return an object with its outputs (return { ' + declared.map(([n]) => n).join(', ') + ' }), but returned ' + typeName(returned) } });
}
const outputs = {};
for (const [name, type] of declared) {
  if (!(name in returned) || returned[name] === undefined) {
    finish({ ok: false, error: { kind: 'missing_output', output: name,
      message: 'cell \x60' + spec.nodeId + '\x60 did not set output \x60' + name + '\x60: return { ' + name + ' } with a ' + type } });
  }
  try {
    outputs[name] = writeOutput(name, type, returned[name]);
  } catch (err) {
    if (!(err instanceof CellError)) throw err;
    finish({ ok: false, error: { kind: err.kind, output: name, found: err.found, message: 'cell \x60' + spec.nodeId + '\x60: ' + err.message } });
  }
}
finish({ ok: true, outputs });
`;
