"""bench/mutation.py's equivalent-mutant bookkeeping (no mutmut run: the pure parts only)."""
import importlib.util
from collections import Counter
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parent.parent / "bench" / "mutation.py"
_spec = importlib.util.spec_from_file_location("bench_mutation", _PATH)
mutation = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mutation)

HEADER = "module\tfunction\toriginal\tmutated\treason\n"
DIFF = """--- transforms/claims/quotes.py
+++ transforms/claims/quotes.py
@@ -1,3 +1,3 @@
 def x_trim(text, s, e):
-    while s < e and text[s].isspace():
+    while s <= e and text[s].isspace():
         s += 1
"""


def test_the_projects_equivalents_file_parses_and_names_known_modules():
    rows = mutation.load_equivalents()
    assert all(row.module in mutation.MODULES for row in rows), [r.module for r in rows]
    keys = [(row.module, row.key) for row in rows]
    assert len(keys) == len(set(keys)), "a mutated line is recorded twice"


def test_rows_need_the_header_and_five_non_empty_fields(tmp_path):
    path = tmp_path / "eq.tsv"
    path.write_text("module\tfunction\toriginal\tmutated\n")
    with pytest.raises(ValueError, match="header"):
        mutation.load_equivalents(path)
    path.write_text(HEADER + "quotes\tx_trim\ta\tb\n")
    with pytest.raises(ValueError, match=":2:"):
        mutation.load_equivalents(path)
    path.write_text(HEADER + "quotes\tx_trim\ta\tb\t \n")
    with pytest.raises(ValueError, match=":2:"):
        mutation.load_equivalents(path)
    path.write_text(HEADER + "\nquotes\tx_trim\ta < b\ta <= b\tno input reaches it\n")
    assert mutation.load_equivalents(path) == [
        mutation.Equivalent("quotes", "x_trim", "a < b", "a <= b", "no input reaches it")]
    assert mutation.load_equivalents(tmp_path / "missing.tsv") == []


def test_function_name_drops_the_module_path_and_mutant_number():
    assert mutation.function_of("transforms.claims.quotes.x_find_quotes__mutmut_12") == "x_find_quotes"
    assert mutation.function_of("transforms.store.write_stage.xǁWriterǁwrite__mutmut_3") == "xǁWriterǁwrite"


def test_changed_lines_are_the_removed_and_added_lines_stripped():
    assert mutation.changed_lines(DIFF) == ("while s < e and text[s].isspace():",
                                            "while s <= e and text[s].isspace():")
    two = "-    a = (1 +\n-         2)\n+    a = (1 -\n+         2)\n"
    assert mutation.changed_lines(two) == ("a = (1 + 2)", "a = (1 - 2)")


def test_a_row_explains_a_survivor_of_its_function_only_and_unmatched_rows_are_stale():
    row = mutation.Equivalent("quotes", "x_trim", "while s < e and text[s].isspace():",
                              "while s <= e and text[s].isspace():", "the loop stops at a non-space first")
    other_function = row._replace(function="x_singles")
    gone = row._replace(mutated="while s > e and text[s].isspace():")
    found = {"m.x_trim__mutmut_1": "survived", "m.x_singles__mutmut_1": "survived",
             "m.x_trim__mutmut_2": "killed"}
    diffs = {"m.x_trim__mutmut_1": DIFF, "m.x_singles__mutmut_1": DIFF.replace("x_trim", "x_singles")}
    matched, stale = mutation.equivalent_survivors(found, diffs, [row, gone])
    assert matched == {"m.x_trim__mutmut_1": row}
    assert stale == [gone]
    # the same line mutated in another function is another mutant
    matched, stale = mutation.equivalent_survivors(found, diffs, [other_function])
    assert matched == {"m.x_singles__mutmut_1": other_function} and stale == []
    # a row for a mutant the tests now kill is stale
    matched, stale = mutation.equivalent_survivors({"m.x_trim__mutmut_1": "killed"}, {}, [row])
    assert matched == {} and stale == [row]


def test_equivalent_mutants_leave_the_score_denominator():
    line = mutation._row("quotes", Counter(killed=8, survived=1, equiv=1))
    assert line.split()[1:6] == ["10", "8", "1", "1", "0"]
    assert line.endswith("88.9%")
    assert mutation._row("quotes", Counter(killed=8, survived=2)).endswith("80.0%")
