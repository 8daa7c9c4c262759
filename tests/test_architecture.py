"""The layering of the code holds: dependencies point one way, and no module imports a module that imports
it back. Read from the source (every `import` and `from … import`, function-level ones included)."""

import ast
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
PACKAGES = ["charter", "actions", "diagnostics", "governance", "funding", "gusp"]
# Which apps each app may import (besides itself and gusp.core). The home page (gusp.views) and the
# syntheses (gusp.syntheses) read every app; gusp.core reads none.
ALLOWED = {
    "charter": set(),
    "actions": {"charter"},
    "diagnostics": {"charter", "actions"},
    "governance": {"charter", "actions"},
    "funding": {"charter", "actions"},
    "gusp.core": set(),
}


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (BASE / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(BASE).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            # `from package import module` imports that module (not a name of the package's __init__).
            names = [f"{module}.{alias.name}" for alias in node.names]
            submodules = [n for n in names if n in known]
            candidates = submodules if len(submodules) == len(names) else [module, *submodules]
        else:
            continue
        for candidate in candidates:
            while candidate and candidate not in known:
                candidate = candidate.rpartition(".")[0]
            if candidate and candidate != name:
                targets.add(candidate)
    return targets


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports_of(name, path, known) for name, path in found.items()}


def app_of(module: str) -> str:
    return "gusp.core" if module.startswith("gusp.core") else module.split(".")[0]


def test_apps_import_only_the_layers_below_them():
    wrong = []
    for module, targets in graph().items():
        app = app_of(module)
        if app not in ALLOWED or module.startswith("charter.management") or module.endswith(".demo"):
            continue
        for target in targets:
            other = app_of(target)
            if other not in (app, "gusp.core") and other not in ALLOWED[app]:
                wrong.append(f"{module} imports {target}")
    assert not wrong, "\n".join(sorted(wrong))


def test_no_module_imports_a_module_that_imports_it_back():
    edges = graph()
    loops = sorted(
        f"{a} <-> {b}" for a, targets in edges.items() for b in targets if a < b and a in edges.get(b, set())
    )
    assert not loops, "\n".join(loops)


def test_the_guard_sees_imports():
    edges = graph()
    assert "charter.models" in edges["actions.models"]
    assert "gusp.core.versions" in edges["charter.models"]
    assert "actions.querysets" in edges["actions.models"]
