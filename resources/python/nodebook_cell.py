"""Nodebook's Python cell bridge: runs one code cell in a fresh interpreter.

Usage: python -u nodebook_cell.py SPEC.json

The spec (written by main/components/code/python.ts) names the node, its code, the inputs
(files plus column schemas), the declared outputs and where to write them. The cell runs in a
fresh namespace whose variables are the inputs; afterwards each declared output is read back
by name and written under the output dir. The outcome goes to the spec's result file, never to
stdout, which belongs to the cell's own prints (streamed to the run log as they happen).

Exit status: 0 success, 1 a user error described in the result file, anything else a crash.
"""

import datetime
import json
import linecache
import math
import os
import shutil
import sys
import threading
import time
import traceback

NULL = "\\N"  # CSV null marker, distinct from the empty string (shared with python.ts)

INT_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "HUGEINT", "UHUGEINT"}
FLOAT_TYPES = {"FLOAT", "DOUBLE", "REAL"}


class CellError(Exception):
    """A problem with the cell's outputs, reported as a user error."""

    def __init__(self, kind, message, **extra):
        super().__init__(message)
        self.kind = kind
        self.extra = extra


def watch_parent():
    """Exit when the Node worker that started us dies, so no cell outlives its run."""
    parent = os.getppid()

    def loop():
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(137)

    threading.Thread(target=loop, daemon=True).start()


# ---------------------------------------------------------------- inputs


def parse_ints(text):
    """Exact ints from CSV text: int64 without nulls, nullable Int64 with them."""
    import numpy as np
    import pandas as pd

    mask = text.isna().to_numpy()
    try:
        values = np.array([0 if m else int(v) for v, m in zip(text, mask)], dtype=np.int64)
    except OverflowError:  # UBIGINT/HUGEINT beyond int64: keep Python ints
        return pd.Series([None if m else int(v) for v, m in zip(text, mask)], index=text.index, dtype=object)
    if mask.any():
        return pd.Series(pd.arrays.IntegerArray(values, mask), index=text.index)
    return pd.Series(values, index=text.index)


def read_table(spec):
    import pandas as pd

    if spec["format"] == "parquet":
        return pd.read_parquet(spec["path"])
    schema = spec.get("schema") or []
    dtypes, dates, timestamps, bools, ints = {}, [], [], [], []
    for col in schema:
        name, typ = col["name"], col["type"].upper()
        base = typ.split("(")[0]
        if base in INT_TYPES or base == "UBIGINT":
            # parsed from text below: read_csv's nullable-int path goes through float64
            # and loses precision above 2**53
            dtypes[name] = "object"
            ints.append(name)
        elif base in FLOAT_TYPES or base == "DECIMAL":
            dtypes[name] = "float64"
        elif base == "BOOLEAN":
            dtypes[name] = "boolean"
            bools.append(name)
        elif base == "DATE":
            dtypes[name] = "object"
            dates.append(name)
        elif base.startswith("TIMESTAMP"):
            dtypes[name] = "object"
            timestamps.append(name)
        else:
            dtypes[name] = "object"
    df = pd.read_csv(
        spec["path"],
        dtype=dtypes,
        na_values=[NULL],
        keep_default_na=False,
        encoding="utf-8",
        float_precision="round_trip",
    )
    # Mirror pyarrow's to_pandas: plain numpy dtypes where there are no nulls, nullable
    # extension dtypes only where needed; DATE as datetime.date objects.
    for name in ints:
        df[name] = parse_ints(df[name])
    for name in bools:
        if not df[name].isna().any():
            df[name] = df[name].astype("bool")
    for name in dates:
        parsed = pd.to_datetime(df[name], errors="coerce")
        df[name] = [None if pd.isna(v) else v.date() for v in parsed]
        df[name] = df[name].astype("object")
    for name in timestamps:
        df[name] = pd.to_datetime(df[name], errors="coerce")
    return df


def read_input(spec):
    kind = spec["type"]
    if kind == "table":
        return read_table(spec)
    if kind in ("metrics", "value", "figure") and spec.get("format", "json") == "json":
        with open(spec["path"], encoding="utf-8") as f:
            return json.load(f)
    # model, file, and PNG figures: the cell gets the path and opens it as it likes
    return spec["path"]


# ---------------------------------------------------------------- outputs


def type_name(value):
    t = type(value)
    return t.__name__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__name__}"


def to_jsonable(value, where):
    """Plain JSON: numpy scalars and arrays, pandas objects, dates; NaN/inf become null."""
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - pandas requires numpy
        np = None
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if np is not None:
        if isinstance(value, np.bool_):
            return bool(value)
        if isinstance(value, np.integer):
            return int(value)
        if isinstance(value, np.floating):
            return to_jsonable(float(value), where)
        if isinstance(value, np.ndarray):
            return to_jsonable(value.tolist(), where)
    if isinstance(value, dict):
        return {str(k): to_jsonable(v, where) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [to_jsonable(v, where) for v in value]
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    mod = type(value).__module__
    if mod.startswith("pandas"):
        import pandas as pd

        if isinstance(value, pd.DataFrame):
            return to_jsonable(value.to_dict(orient="records"), where)
        if isinstance(value, pd.Series):
            return to_jsonable(value.to_dict(), where)
        if value is pd.NA or value is pd.NaT:
            return None
        if isinstance(value, pd.Timestamp):
            return value.isoformat()
    raise CellError("wrong_type", f"{where} holds a {type_name(value)}, which cannot be written as JSON", found=type_name(value))


def duck_type(series):
    import pandas as pd
    from pandas.api import types as t

    dtype = series.dtype
    if t.is_bool_dtype(dtype):
        return "BOOLEAN"
    if t.is_integer_dtype(dtype):
        return "UBIGINT" if t.is_unsigned_integer_dtype(dtype) and dtype.itemsize >= 8 else "BIGINT"
    if t.is_float_dtype(dtype):
        return "DOUBLE"
    if isinstance(dtype, pd.DatetimeTZDtype):
        return "TIMESTAMPTZ"
    if t.is_datetime64_any_dtype(dtype):
        return "TIMESTAMP"
    values = series.dropna()
    if len(values) > 0 and dtype == object:
        if all(isinstance(v, datetime.date) and not isinstance(v, datetime.datetime) for v in values):
            return "DATE"
        if all(isinstance(v, (bool,)) for v in values):
            return "BOOLEAN"
    if isinstance(dtype, pd.CategoricalDtype):
        return duck_type(series.astype(dtype.categories.dtype)) if len(values) else "VARCHAR"
    return "VARCHAR"


def write_table(name, value, out_dir, pyarrow):
    import pandas as pd

    if isinstance(value, pd.Series):
        value = value.to_frame(name=value.name if value.name is not None else name)
    if not isinstance(value, pd.DataFrame):
        if value is None or isinstance(value, (str, bytes, int, float, bool)):
            raise CellError("wrong_type", f"output `{name}` must be a table (a pandas DataFrame), found {type_name(value)}", found=type_name(value))
        try:
            value = pd.DataFrame(value)
        except Exception as exc:
            raise CellError("wrong_type", f"output `{name}` must be a table (a pandas DataFrame), found {type_name(value)} ({exc})", found=type_name(value))
    df = value
    # A named index (groupby keys, set_index) is data: keep it as columns. An unnamed one is
    # only row positions left over from filtering (dropna, query) and would surprise as a column.
    if any(n is not None for n in df.index.names):
        df = df.reset_index()
    df.columns = [str(c) for c in df.columns]
    if len(set(df.columns)) != len(df.columns):
        dupes = sorted({c for c in df.columns if list(df.columns).count(c) > 1})
        raise CellError("wrong_type", f"output `{name}` has duplicate column names: {', '.join(dupes)}", found="DataFrame")
    if len(df.columns) == 0:
        raise CellError("wrong_type", f"output `{name}` is a DataFrame with no columns", found="DataFrame")
    if pyarrow:
        path = os.path.join(out_dir, f"{name}.parquet")
        df.to_parquet(path, index=False, compression="zstd")
        return {"kind": "table", "format": "parquet", "path": path, "rows": len(df)}
    schema = []
    out = df.copy()
    for col in df.columns:
        typ = duck_type(df[col])
        schema.append({"name": col, "type": typ})
        if typ == "TIMESTAMPTZ":
            # to_csv's date_format drops the offset; write UTC with an explicit one
            out[col] = df[col].dt.tz_convert("UTC").dt.strftime("%Y-%m-%d %H:%M:%S.%f+00")
        elif typ == "DATE":
            out[col] = [None if v is None or (isinstance(v, float) and math.isnan(v)) else v.isoformat() for v in df[col]]
        elif typ == "VARCHAR" and df[col].dtype == object:
            out[col] = [v if v is None or isinstance(v, str) or (isinstance(v, float) and math.isnan(v)) else str(v) for v in df[col]]
    path = os.path.join(out_dir, f"{name}.csv")
    out.to_csv(path, index=False, na_rep=NULL, encoding="utf-8", date_format="%Y-%m-%d %H:%M:%S.%f")
    return {"kind": "table", "format": "csv", "path": path, "schema": schema, "rows": len(df)}


def write_figure(name, value, out_dir):
    if hasattr(value, "to_plotly_json") and hasattr(value, "to_json"):
        path = os.path.join(out_dir, f"{name}.json")
        with open(path, "w", encoding="utf-8") as f:
            f.write(value.to_json())
        return {"kind": "json", "path": path, "format": "plotly"}
    module = type(value).__module__
    if module.startswith("matplotlib"):
        fig = value if hasattr(value, "savefig") else getattr(value, "figure", None)
        if fig is not None and hasattr(fig, "savefig"):
            path = os.path.join(out_dir, f"{name}.png")
            fig.savefig(path, format="png", dpi=100, bbox_inches="tight")
            return {"kind": "file", "path": path, "format": "png"}
    if isinstance(value, dict) and "data" in value:
        return write_json(name, value, out_dir, f"output `{name}`")
    raise CellError(
        "wrong_type",
        f"output `{name}` must be a figure (a Plotly figure, a matplotlib Figure, or a Plotly JSON dict), found {type_name(value)}",
        found=type_name(value),
    )


def write_json(name, value, out_dir, where):
    path = os.path.join(out_dir, f"{name}.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(to_jsonable(value, where), f, allow_nan=False)
    return {"kind": "json", "path": path, "format": "json"}


def write_path(name, value, out_dir, kind):
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if isinstance(value, bytes) and kind == "file":
        path = os.path.join(out_dir, name)
        with open(path, "wb") as f:
            f.write(value)
        return {"kind": "file", "path": path}
    what = "the path (a str) of an ONNX file the cell wrote" if kind == "model" else "a path (a str) to a file, or bytes"
    if not isinstance(value, str):
        raise CellError("wrong_type", f"output `{name}` must be {what}, found {type_name(value)}", found=type_name(value))
    source = os.path.abspath(value)
    if not os.path.isfile(source):
        raise CellError("missing_file", f"output `{name}` names the file '{value}', which does not exist (relative paths start at the workspace folder)", found="str")
    path = os.path.join(out_dir, name + (".onnx" if kind == "model" else os.path.splitext(source)[1]))
    shutil.copyfile(source, path)
    return {"kind": "file", "path": path, "source": source}


def write_output(name, kind, value, out_dir, pyarrow):
    if kind == "table":
        return write_table(name, value, out_dir, pyarrow)
    if kind == "figure":
        return write_figure(name, value, out_dir)
    if kind == "metrics":
        if not isinstance(value, dict):
            raise CellError("wrong_type", f"output `{name}` must be metrics (a dict of names to numbers), found {type_name(value)}", found=type_name(value))
        return write_json(name, value, out_dir, f"output `{name}`")
    if kind == "value":
        return write_json(name, value, out_dir, f"output `{name}`")
    if kind in ("model", "file"):
        return write_path(name, value, out_dir, kind)
    raise CellError("wrong_type", f"output `{name}` has the unknown port type '{kind}'", found=type_name(value))


# ---------------------------------------------------------------- running


def cell_traceback(exc, filename):
    """The traceback limited to the cell's own frames (no bridge, no library internals)."""
    if isinstance(exc, SyntaxError) and exc.filename == filename:
        lines = ["Traceback (most recent call last):\n"] + traceback.format_exception_only(type(exc), exc)
        return "".join(lines), exc.lineno
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename]
    text = "Traceback (most recent call last):\n"
    text += "".join(traceback.format_list(frames))
    text += "".join(traceback.format_exception_only(type(exc), exc))
    return text, (frames[-1].lineno if frames else None)


def run(spec):
    node = spec["nodeId"]
    filename = f"<cell {node}>"
    code = spec["code"]
    # Registering the source lets tracebacks show the offending line.
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)

    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    for name, inp in spec["inputs"].items():
        namespace[name] = read_input(inp)

    try:
        compiled = compile(code, filename, "exec")
        exec(compiled, namespace)
    except BaseException as exc:  # the cell's own failure, including SystemExit
        if isinstance(exc, KeyboardInterrupt):
            raise
        tb, line = cell_traceback(exc, filename)
        message = traceback.format_exception_only(type(exc), exc)[-1].strip()
        if isinstance(exc, SystemExit):
            message = f"SystemExit: the cell called exit({exc.code!r}); end the cell normally instead"
        return {"ok": False, "error": {"kind": "exception", "message": message, "traceback": tb, "line": line}}

    out_dir = spec["outputDir"]
    outputs = {}
    for name, kind in spec["outputs"].items():
        if name not in namespace:
            return {
                "ok": False,
                "error": {"kind": "missing_output", "output": name, "message": f"cell `{node}` did not set output `{name}`: assign a {kind} to the variable `{name}`"},
            }
        try:
            outputs[name] = write_output(name, kind, namespace[name], out_dir, spec.get("pyarrow", False))
        except CellError as err:
            return {"ok": False, "error": {"kind": err.kind, "output": name, "message": f"cell `{node}`: {err}", **err.extra}}
    return {"ok": True, "outputs": outputs}


def main():
    if len(sys.argv) != 2:
        print("usage: nodebook_cell.py SPEC.json", file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    watch_parent()
    result = run(spec)
    sys.stdout.flush()
    sys.stderr.flush()
    with open(spec["resultPath"], "w", encoding="utf-8") as f:
        json.dump(result, f)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
