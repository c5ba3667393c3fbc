"""The package's shape (issue 11): names private to a module stay in it, modules stay small, and
an installed package is `vanban` alone."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline" / "vanban"
MODULES = sorted(PACKAGE.rglob("*.py"))


def private_imports(path: Path) -> list[str]:
    """`from vanban.x import _name`: another module's private name (a private alias of a public
    module, `import x as _x`, is fine)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("vanban"):
            out += [f"{node.module}.{a.name}" for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
    return out


def test_no_private_name_crosses_modules() -> None:
    found = {p.relative_to(PACKAGE).as_posix(): private_imports(p) for p in MODULES}
    assert not {k: v for k, v in found.items() if v}


def test_the_check_sees_a_private_import(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text("from vanban.ingest.pdf import _secret, public as _alias\n", encoding="utf-8")
    assert private_imports(sample) == ["vanban.ingest.pdf._secret"]


def test_the_wheel_installs_vanban_alone(tmp_path: Path) -> None:
    """`pip install .` puts one top-level package, `vanban`, with its data: no `pipeline`."""
    import shutil
    import subprocess
    import sys
    import zipfile

    # Built from a copy: setuptools writes build/ and *.egg-info beside the sources.
    root, src = PACKAGE.parents[1], tmp_path / "src"
    shutil.copytree(root / "pipeline", src / "pipeline", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(root / name, src / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("vanban-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names} == {"vanban", wheel.name.split("-py")[0] + ".dist-info"}
    data = {p.name for p in (PACKAGE / "data").iterdir() if p.suffix in (".json", ".jsonl")}
    assert data <= {n.rsplit("/", 1)[-1] for n in names if n.startswith("vanban/data/")}


def test_readme_layout_names_every_room() -> None:
    """README's Layout section matches the tree: every subpackage of vanban is named in it."""
    readme = (PACKAGE.parents[1] / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout"):]
    rooms = {p.name for p in PACKAGE.rglob("*") if p.is_dir() and (p / "__init__.py").exists()}
    missing = sorted(r for r in rooms if f"`{r}/`" not in layout)
    assert not missing, f"README's Layout section does not name: {missing}"
