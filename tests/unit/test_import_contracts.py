"""The import contracts that hold the capability shape, and proof that they catch a wrong import.

Two contracts live in `pyproject.toml` for import-linter (`make lint` runs them): models and
posting rules import no driver or framework; capabilities import neither the API layer nor
the composition root. The third is checked here over grimp's import graph, because it must
cover capabilities that do not exist yet: no capability imports another's repositories.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def capability_of(module: str) -> str | None:
    """`shared_code.<capability>...` → the capability (the API's `shared_code.api.<capability>` too)."""
    parts = module.split(".")
    if len(parts) < 3 or parts[0] != "shared_code":
        return None
    if parts[1] == "api":
        return parts[2] if len(parts) > 3 else None
    return parts[1]


def foreign_repository_imports(graph: grimp.ImportGraph) -> list[str]:
    """Every import of a capability's repository from outside that capability, as
    `importer -> repository` (a capability's own API routes may use its repositories)."""
    found = []
    for module in sorted(graph.modules):
        if not module.rpartition(".")[2].endswith("repository"):
            continue
        owner = capability_of(module)
        for importer in sorted(graph.find_modules_that_directly_import(module)):
            if capability_of(importer) != owner:
                found.append(f"{importer} -> {module}")
    return found


def test_no_capability_imports_another_capabilitys_repositories() -> None:
    assert foreign_repository_imports(grimp.build_graph("shared_code", cache_dir=None)) == []


def test_the_repository_contract_names_a_wrong_import() -> None:
    graph = grimp.build_graph("shared_code", cache_dir=None)
    graph.add_import(importer="shared_code.organizations.profile", imported="shared_code.ledger.repository")
    assert foreign_repository_imports(graph) == ["shared_code.organizations.profile -> shared_code.ledger.repository"]


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=root, capture_output=True, text=True, timeout=120, check=False
    )


def test_the_shape_contracts_hold() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "bad_import", "named"),
    [
        ("ledger/model.py", "import psycopg", "shared_code.ledger.model -> psycopg"),
        ("organizations/model.py", "import fastapi", "shared_code.organizations.model -> fastapi"),
        (
            "ledger/service.py",
            "from shared_code.api import types",
            "shared_code.ledger.service -> shared_code.api.types",
        ),
        (
            "identity/sign_in.py",
            "import shared_code.bootstrap",
            "shared_code.identity.sign_in -> shared_code.bootstrap",
        ),
    ],
)
def test_a_deliberately_wrong_import_breaks_a_contract_that_names_it(
    tmp_path: Path, module: str, bad_import: str, named: str
) -> None:
    shutil.copytree(ROOT / "shared_code", tmp_path / "shared_code", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "shared_code" / module
    source = target.read_text()
    marker = "from __future__ import annotations\n"
    target.write_text(source.replace(marker, marker + "\n" + bad_import + "  # noqa\n", 1))

    result = _lint_imports(tmp_path)

    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert named in result.stdout.replace("\n", " ").replace("  ", " ")


def import_cycles(graph: grimp.ImportGraph) -> list[tuple[str, str]]:
    """Pairs (a, b) where a imports b and b leads back to a (function-level imports count)."""
    return [
        (module, imported)
        for module in sorted(graph.modules)
        for imported in sorted(graph.find_modules_directly_imported_by(module))
        if graph.chain_exists(importer=imported, imported=module)
    ]


def test_shared_code_has_no_import_cycles() -> None:
    assert import_cycles(grimp.build_graph("shared_code", exclude_type_checking_imports=True, cache_dir=None)) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    graph = grimp.build_graph("shared_code", exclude_type_checking_imports=True, cache_dir=None)
    graph.add_import(importer="shared_code.platform.db", imported="shared_code.ledger.service")
    assert ("shared_code.platform.db", "shared_code.ledger.service") in import_cycles(graph)
