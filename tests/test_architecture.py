"""The layout rules of ``transforms/`` (stated in ``transforms/__init__.py``).

Roles import only the roles before them (so no cycle between roles), pure cores
never import ``apache_beam``, and only ``pipeline/graph.py`` wires the Beam stages.
Imports are read from the source (``ast``), so a module that imports a stage
lazily, inside a function, breaks the rules too.
"""
import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline
import transforms

TRANSFORMS_DIR = Path(transforms.__file__).parent
PIPELINE_DIR = Path(pipeline.__file__).parent


def module_name(path: Path, package_dir: Path) -> str:
    parts = list(path.relative_to(package_dir.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(package_dir: Path) -> dict[str, Path]:
    return {module_name(p, package_dir): p for p in sorted(package_dir.rglob("*.py"))}


def imports_of(name: str, path: Path) -> set[str]:
    """Every module a source file imports, relative imports resolved; ``from a import b``
    counts as importing ``a`` and ``a.b`` (which may be a module)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def role_of(name: str):
    parts = name.split(".")
    return parts[1] if parts[0] == "transforms" and len(parts) > 1 and parts[1] in transforms.ROLES else None


def is_beam_module(name: str) -> bool:
    return role_of(name) in transforms.BEAM_ROLES or name.rsplit(".", 1)[-1].endswith(transforms.BEAM_SUFFIX)


def imports_beam(name: str, path: Path) -> bool:
    return any(m == "apache_beam" or m.startswith("apache_beam.") for m in imports_of(name, path))


def role_graph() -> dict[str, set[str]]:
    graph = {role: set() for role in transforms.ROLES}
    for name, path in modules(TRANSFORMS_DIR).items():
        role = role_of(name)
        if role:
            graph[role].update(r for r in map(role_of, imports_of(name, path)) if r and r != role)
    return graph


def find_cycle(graph: dict[str, set[str]]):
    """One cycle of ``graph`` as a list of nodes (first == last), or None."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for successor in sorted(graph.get(node, ())):
            if state.get(successor) == "open":
                return stack[stack.index(successor):] + [successor]
            if successor not in state and (cycle := visit(successor)):
                return cycle
        state[node] = "done"
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_find_cycle_reports_a_cycle_and_passes_a_dag():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_imports_of_resolves_relative_and_from_imports(tmp_path):
    source = tmp_path / "quotes.py"
    source.write_text("from .lexicon import CUES\nfrom transforms.common import schemas\nimport apache_beam as beam\n")
    found = imports_of("transforms.claims.quotes", source)
    assert {"transforms.claims.lexicon", "transforms.common.schemas", "apache_beam"} <= found


def test_every_module_lives_in_a_role_package():
    packages = {p.name for p in TRANSFORMS_DIR.iterdir() if (p / "__init__.py").exists()}
    assert packages == set(transforms.ROLES)
    stray = [name for name in modules(TRANSFORMS_DIR) if name != "transforms" and role_of(name) is None]
    assert stray == []


def test_role_packages_have_no_import_cycle():
    assert find_cycle(role_graph()) is None


def test_each_role_imports_only_the_roles_before_it():
    order = {role: index for index, role in enumerate(transforms.ROLES)}
    upward = sorted(
        (name, imported)
        for name, path in modules(TRANSFORMS_DIR).items() if role_of(name)
        for imported in imports_of(name, path)
        if role_of(imported) and order[role_of(imported)] > order[role_of(name)])
    assert upward == []


def test_only_beam_wrapper_modules_import_apache_beam():
    offenders = [name for name, path in modules(TRANSFORMS_DIR).items()
                 if imports_beam(name, path) and not is_beam_module(name)]
    assert offenders == []
    # ...and the rule is not vacuous: every role but common has Beam wrappers.
    roles_with_beam = {role_of(name) for name, path in modules(TRANSFORMS_DIR).items() if imports_beam(name, path)}
    assert roles_with_beam == set(transforms.ROLES) - {"common"}


_IMPORT_WITHOUT_BEAM = """
import importlib, json, sys

class BlockBeam:
    def find_spec(self, name, path=None, target=None):
        if name == "apache_beam" or name.startswith("apache_beam."):
            raise ImportError(f"{name} is blocked: a pure core must not need Beam")

sys.meta_path.insert(0, BlockBeam())
failures = {}
for name in json.loads(sys.argv[1]):
    try:
        importlib.import_module(name)
    except ImportError as exc:
        failures[name] = str(exc)
print(json.dumps(failures))
"""


def _import_without_beam(names: list[str]) -> dict:
    done = subprocess.run([sys.executable, "-c", _IMPORT_WITHOUT_BEAM, json.dumps(names)],
                          capture_output=True, text=True, check=True, cwd=TRANSFORMS_DIR.parent)
    return json.loads(done.stdout)


def test_pure_cores_import_without_apache_beam_installed():
    """Transitively too: a pure core that imports a Beam wrapper fails here."""
    pure = [name for name in modules(TRANSFORMS_DIR) if not is_beam_module(name)]
    assert len(pure) > 20
    assert _import_without_beam(pure) == {}


def test_blocking_beam_does_break_a_beam_wrapper():
    """The check above can fail: a wrapper module does not import with Beam blocked."""
    failures = _import_without_beam(["transforms.store.write_stage", "transforms.common.documents"])
    assert list(failures) == ["transforms.store.write_stage"]


@pytest.mark.parametrize("role", transforms.ROLES)
def test_each_role_package_says_what_it_is_and_what_it_imports(role):
    """The package docstring names every role the package really imports, so it stays true."""
    doc = ast.get_docstring(ast.parse((TRANSFORMS_DIR / role / "__init__.py").read_text(encoding="utf-8")))
    assert doc and len(doc.split()) >= 25
    assert "import" in doc.lower()
    unnamed = sorted(r for r in role_graph()[role] if f"transforms.{r}" not in doc)
    assert unnamed == []


def test_only_the_graph_wires_beam_stages():
    """``pipeline/graph.py`` is where the flow reads top to bottom: no other job or CLI module
    imports a stage's Beam wrapper."""
    wiring = sorted(name for name, path in modules(PIPELINE_DIR).items()
                    if any(role_of(m) and m.rsplit(".", 1)[-1].endswith(transforms.BEAM_SUFFIX)
                           for m in imports_of(name, path)))
    assert wiring == ["pipeline.graph"]


def test_the_job_does_not_import_the_evaluation_commands():
    job = ("pipeline.graph", "pipeline.run", "pipeline.options")
    found = {name: sorted(m for m in imports_of(name, path) if m.startswith("pipeline.evaluate"))
             for name, path in modules(PIPELINE_DIR).items() if name in job}
    assert found == {name: [] for name in job}
