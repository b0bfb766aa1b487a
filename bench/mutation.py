"""Mutation testing of the pure cores and the security- and data-critical code (issue 19).

Runs mutmut 3 (installed into the running venv when missing) one module at a time, each
against only the fast test files that exercise it (no Beam pipeline tests: a mutant then
costs a fraction of a second, not a pipeline start), and prints per module: mutants,
killed, survived, timeout, "no tests" (code no selected test runs, e.g. a Beam DoFn), other
(suspicious, segfault, not checked), score = (killed + timeout) / (mutants - skipped - not checked).

mutmut 3 mutates functions and methods only, their default argument values included (not
module constants: tests/test_guards.py pins those; nor code run at import, which never sees a mutant).  Each module gets its own scratch tree
``.mutation/<module>/`` (a copy of the project; mutmut writes ``mutants/`` there), so a
run resumes where it stopped, modules can run side by side, and the worktree is never
touched.  Not part of CI: the whole set takes tens of minutes on 2 cores.

    .venv/bin/python bench/mutation.py                    # every module, then the table
    .venv/bin/python bench/mutation.py urls decode        # some modules
    .venv/bin/python bench/mutation.py --report           # the table from the last runs only
    .venv/bin/python bench/mutation.py --survivors quotes # the surviving mutants' diffs
    .venv/bin/python bench/mutation.py --fresh numbers    # forget earlier results first
    .venv/bin/python bench/mutation.py --retest quotes    # after adding tests: only the survivors again
    .venv/bin/python bench/mutation.py text_clean --only '*_find_outlet*'   # some functions only

Equivalent mutants (no input can tell them from the original) are recorded in
``bench/mutation_equivalents.tsv``, one per mutated line, tab-separated under the header
``module  function  original  mutated  reason``: module is a MODULES key (``quotes``),
function the mutmut function name without the mutant number (``x_find_quotes``,
``xǁPartitionFileWriterǁwrite``), original and mutated the changed source line stripped,
as ``--survivors`` prints them (several changed lines joined by one space).  A surviving
mutant matching a row counts as "equiv" and leaves the score's denominator; a row that no
surviving mutant matches any more is printed as stale (killed now, or the code changed).
"""
from __future__ import annotations

import argparse
import fnmatch
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".mutation"
MUTMUT = "mutmut>=3.8,<4"
# copied into each scratch tree: the package, what its tests import or read
COPIED = ["transforms", "pipeline", "tests", "seeds", "pytest.ini"]

# module -> (file to mutate, the fast test files that exercise it)
MODULES: dict[str, tuple[str, list[str]]] = {
    "http_client": ("transforms/sources/http_client.py",
                    ["tests/test_http_client.py", "tests/test_guards.py", "tests/test_http_guards.py"]),
    "store.dedup": ("transforms/store/dedup.py", ["tests/test_dedup.py", "tests/test_store_laws.py"]),
    "store.partitions": ("transforms/store/partitions.py",
                         ["tests/test_write.py", "tests/test_guards.py", "tests/test_store_laws.py"]),
    "store.upsert": ("transforms/store/upsert.py", ["tests/test_store_laws.py"]),
    "store.write_stage": ("transforms/store/write_stage.py", ["tests/test_write.py", "tests/test_store_laws.py"]),
    "decode": ("transforms/common/decode.py",
               ["tests/test_decode.py", "tests/test_guards.py", "tests/test_decode_guards.py"]),
    "urls": ("transforms/common/urls.py", ["tests/test_guards.py", "tests/test_source_guards.py"]),
    "hashing": ("transforms/common/hashing.py", ["tests/test_write.py", "tests/test_store_laws.py"]),
    "feeds": ("transforms/sources/feeds.py",
              ["tests/test_feeds.py", "tests/test_source_guards.py", "tests/test_feed_fields.py"]),
    "text_clean": ("transforms/clean/text_clean.py",
                   ["tests/test_text_clean.py", "tests/test_seeds_gold_cleaning.py",
                    "tests/test_clean_guards.py", "tests/test_text_clean_guards.py"]),
    "html_extract": ("transforms/clean/html_extract.py",
                     ["tests/test_html_extract.py", "tests/test_clean_guards.py",
                      "tests/test_html_extract_guards.py", "tests/test_byline_author.py"]),
    "quotes": ("transforms/claims/quotes.py",
               ["tests/test_claims_quotes.py", "tests/test_claims_guards.py", "tests/test_quote_mark_rules.py"]),
    "numbers": ("transforms/claims/numbers.py",
                ["tests/test_claims_numbers.py", "tests/test_claims_guards.py", "tests/test_number_rules.py"]),
}
EQUIVALENTS = ROOT / "bench" / "mutation_equivalents.tsv"
EQUIVALENTS_HEADER = ("module", "function", "original", "mutated", "reason")


class Equivalent(NamedTuple):
    """One row of the equivalents file: a mutation of one line that no input can detect."""
    module: str
    function: str
    original: str
    mutated: str
    reason: str

    @property
    def key(self) -> tuple[str, str, str]:
        return self.function, self.original, self.mutated


def equivalents_files() -> list[Path]:
    """The equivalents file and any ``mutation_equivalents_<name>.tsv`` beside it (one per contributor)."""
    return sorted(EQUIVALENTS.parent.glob(EQUIVALENTS.stem + "*.tsv"))


def load_equivalents(path: Path = EQUIVALENTS) -> list[Equivalent]:
    """The rows of the equivalents file (none when it does not exist); a malformed row is an error."""
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or tuple(lines[0].split("\t")) != EQUIVALENTS_HEADER:
        raise ValueError(f"{path}: first line must be the header {'<TAB>'.join(EQUIVALENTS_HEADER)}")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != len(EQUIVALENTS_HEADER) or not all(f.strip() for f in fields):
            raise ValueError(f"{path}:{number}: want {len(EQUIVALENTS_HEADER)} non-empty tab-separated fields")
        rows.append(Equivalent(*(f.strip() for f in fields)))
    return rows


def function_of(mutant: str) -> str:
    """``transforms.claims.quotes.x_find_quotes__mutmut_12`` -> ``x_find_quotes``."""
    return mutant.rsplit(".", 1)[-1].rsplit("__mutmut_", 1)[0]


def changed_lines(diff: str) -> tuple[str, str]:
    """(original, mutated) of a unified diff: its removed and its added lines, stripped, joined by a space."""
    lines = [line for line in diff.splitlines() if line[:3] not in ("+++", "---")]
    removed = " ".join(line[1:].strip() for line in lines if line.startswith("-"))
    added = " ".join(line[1:].strip() for line in lines if line.startswith("+"))
    return removed, added


def equivalent_survivors(statuses_: dict[str, str], diffs: dict[str, str],
                         rows: list[Equivalent]) -> tuple[dict[str, Equivalent], list[Equivalent]]:
    """Which surviving mutants a row of one module explains, and the rows no survivor matches (stale).

    ``diffs``: mutant name -> its diff, for the survivors."""
    by_key = {row.key: row for row in rows}
    matched = {}
    for name, status in statuses_.items():
        if status == "survived" and name in diffs:
            row = by_key.get((function_of(name), *changed_lines(diffs[name])))
            if row is not None:
                matched[name] = row
    used = set(matched.values())
    return matched, [row for row in rows if row not in used]


def ensure_mutmut() -> None:
    try:
        import mutmut  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", MUTMUT], check=True)


def scratch_tree(module: str) -> Path:
    """``.mutation/<module>/`` holding a fresh copy of the project and mutmut's config for it."""
    source, tests = MODULES[module]
    work = WORK / module
    work.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        src, dst = ROOT / name, work / name
        if src.is_dir():
            shutil.rmtree(dst, ignore_errors=True)
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", ".hypothesis"))
        else:
            shutil.copy2(src, dst)
    tests = [t for t in tests if (ROOT / t).exists()]
    if not tests:          # mutmut would run the whole suite, Beam pipelines included
        raise FileNotFoundError(f"{module}: none of its test files exist: {MODULES[module][1]}")
    lines = ["[mutmut]", "source_paths = transforms", f"only_mutate = {source}",
             "also_copy =", *(f"    {name}" for name in COPIED if name != "transforms"),
             "pytest_add_cli_args_test_selection =", *(f"    {t}" for t in tests),
             "pytest_add_cli_args = -p no:cacheprovider", "use_git_change_detection = false"]
    (work / "setup.cfg").write_text("\n".join(lines) + "\n")
    return work


def run_module(module: str, children: int, fresh: bool, retest: bool, only: list) -> int:
    """mutmut on one module; ``retest``: only the mutants the last run left alive.

    A changed test selection makes mutmut forget every verdict, so a retest puts the
    earlier kills back afterwards: valid while tests were only added or strengthened
    and the module's code is unchanged (else run it ``--fresh``)."""
    if fresh:
        shutil.rmtree(WORK / module, ignore_errors=True)
    before = _exit_codes(module) if retest else {}
    alive = [name for name, code in before.items() if _status(code) not in ("killed", "timeout")
             and _selected(name, only)]
    if retest and not alive:
        return 0
    work = scratch_tree(module)
    env = dict(os.environ, CI="1", PYTHONWARNINGS="ignore::DeprecationWarning")   # CI=1: derandomised Hypothesis
    mutmut = Path(sys.executable).with_name("mutmut")
    with open(work / "mutmut.log", "w") as log:
        code = subprocess.run(["nice", "-n", "10", str(mutmut), "run", "--max-children", str(children), *(alive or only)],
                              cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT).returncode
    if before:
        meta = _meta_path(module)
        data = json.loads(meta.read_text())
        data["exit_code_by_key"].update({n: c for n, c in before.items() if n not in alive})
        meta.write_text(json.dumps(data))
    return code


def _meta_path(module: str) -> Path:
    return WORK / module / "mutants" / (MODULES[module][0] + ".meta")


def _exit_codes(module: str) -> dict:
    meta = _meta_path(module)
    return json.loads(meta.read_text())["exit_code_by_key"] if meta.exists() else {}


def _selected(name: str, only: list) -> bool:
    return not only or any(fnmatch.fnmatch(name, pattern) for pattern in only)


def _status(code) -> str:
    from mutmut.stats import status_by_exit_code
    return status_by_exit_code[code]


def statuses(module: str, only: list = ()) -> dict[str, str]:
    """Mutant name -> status, from mutmut's ``.meta`` file of the module (``only``: names matching)."""
    return {name: _status(code) for name, code in _exit_codes(module).items() if _selected(name, only)}


def _diffs(module: str, names) -> dict[str, str]:
    """Mutant name -> its unified diff (read in one process: ``mutmut show`` per mutant is slow)."""
    from mutmut.mutation.diff_apply import get_diff_for_mutant
    here = os.getcwd()
    os.chdir(WORK / module)
    try:
        return {name: get_diff_for_mutant(name, path=MODULES[module][0]) for name in names}
    finally:
        os.chdir(here)


def verdicts(module: str, only: list = ()) -> tuple[dict[str, str], dict[str, Equivalent], list[Equivalent]]:
    """Mutant name -> status with the survivors the equivalents file explains as "equiv"; those
    rows by mutant; the module's rows no survivor matches (stale)."""
    found = statuses(module, only)
    rows = [row for path in equivalents_files() for row in load_equivalents(path) if row.module == module]
    if not rows or not found:
        return found, {}, []
    alive = [name for name, status in found.items() if status == "survived"]
    matched, stale = equivalent_survivors(found, _diffs(module, alive), rows)
    if only:   # rows of functions outside the selection are not stale, just not looked at
        looked_at = {function_of(name) for name in found}
        stale = [row for row in stale if row.function in looked_at]
    return {name: "equiv" if name in matched else status for name, status in found.items()}, matched, stale


def table(modules: list[str], only: list = ()) -> str:
    rows = [f"{'module':<18} {'mutants':>7} {'killed':>6} {'survived':>8} {'equiv':>5} {'timeout':>7} "
            f"{'no tests':>8} {'other':>5} {'score':>6}"]
    total = Counter()
    stale_rows = []
    run = 0
    for module in modules:
        found, _, stale = verdicts(module, only)
        count = Counter(found.values())
        if not count:
            rows.append(f"{module:<18} {'(not run)':>7}")
            continue
        run += 1
        total.update(count)
        stale_rows += stale
        rows.append(_row(module, count))
    if run > 1:
        rows.append(_row("all", total))
    for row in stale_rows:
        rows.append(f"stale equivalent (no surviving mutant matches): {row.module} {row.function}: "
                    f"{row.original!r} -> {row.mutated!r}")
    return "\n".join(rows)


def _row(name: str, count: Counter) -> str:
    """One table line; equivalent mutants leave the score's denominator."""
    mutants = sum(count.values())
    other = mutants - sum(count[k] for k in ("killed", "survived", "equiv", "timeout", "no tests"))
    tested = mutants - count["skipped"] - count["not checked"] - count["equiv"]
    score = 100 * (count["killed"] + count["timeout"]) / tested if tested else 0.0
    return (f"{name:<18} {mutants:>7} {count['killed']:>6} {count['survived']:>8} {count['equiv']:>5} "
            f"{count['timeout']:>7} {count['no tests']:>8} {other:>5} {score:>5.1f}%")


def survivors(module: str, only: list = ()) -> None:
    """The diff of every mutant the tests did not kill; an equivalent one by its reason only."""
    found, matched, stale = verdicts(module, only)
    alive = sorted(name for name, status in found.items() if status not in ("killed", "timeout", "equiv"))
    diffs = _diffs(module, alive)
    for name in alive:
        print(f"## {name}: {found[name]}")
        print("\n".join(line for line in diffs[name].splitlines()
                        if line[:1] in "+-" and line[:3] not in ("+++", "---")))
    for name, row in sorted(matched.items()):
        print(f"## {name}: equivalent: {row.reason}")
    for row in stale:
        print(f"## stale equivalent: {row.function}: {row.original!r} -> {row.mutated!r}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("modules", nargs="*", help=f"default: all of {', '.join(MODULES)}")
    parser.add_argument("--report", action="store_true", help="print the table of the last runs, run nothing")
    parser.add_argument("--survivors", action="store_true", help="show the surviving mutants of the modules")
    parser.add_argument("--fresh", action="store_true", help="discard earlier results of the modules")
    parser.add_argument("--retest", action="store_true",
                        help="re-run only the mutants the last run did not kill (after adding tests)")
    parser.add_argument("--only", nargs="+", default=[], metavar="GLOB",
                        help="mutant names to run and count, e.g. '*_find_outlet*' (fnmatch)")
    parser.add_argument("--children", type=int, default=2, help="parallel mutant workers (default 2)")
    args = parser.parse_args(argv)
    modules = args.modules or list(MODULES)
    unknown = [m for m in modules if m not in MODULES]
    if unknown:
        parser.error(f"unknown module(s) {unknown}; known: {', '.join(MODULES)}")
    ensure_mutmut()
    if args.survivors:
        for module in modules:
            survivors(module, args.only)
        return 0
    failed = []
    if not args.report:
        for module in modules:
            print(f"== {module}: mutmut run (log: .mutation/{module}/mutmut.log)", flush=True)
            try:
                if run_module(module, args.children, args.fresh, args.retest, args.only) != 0:
                    failed.append(module)
            except FileNotFoundError as exc:
                print(exc, file=sys.stderr)
                failed.append(module)
    print(table(modules, args.only))
    if failed:
        print(f"mutmut failed for {', '.join(failed)}: see their mutmut.log", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
