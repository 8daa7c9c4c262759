"""Charter data folders: the facts of a charter transcribed from its document, and the demonstration data
loaded with them, as YAML files with named keys (layout in README.md). `load_demo` reads one folder through
the loaders listed in `settings.GUSP_DATA_LOADERS`; a second charter is loaded by writing a second folder."""

from pathlib import Path

import yaml

VITROLLES_2007 = Path(__file__).resolve().parent / "vitrolles-2007"
# A clearly fictitious present-day charter (a TFPB convention 2025–2030), loaded next to the historical one
# so that a new user sees live states.
EXEMPLE_2025 = Path(__file__).resolve().parent / "exemple-2025"
DEMO_FOLDERS = [VITROLLES_2007, EXEMPLE_2025]


def read(data_dir: Path, name: str) -> dict:
    """The YAML file `name` of a data folder, or an empty dict when the folder has no such file (a charter
    may come without demonstration data, or without worked sheets)."""
    path = Path(data_dir) / name
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as file:
        return yaml.safe_load(file) or {}


def charter_slug(data_dir: Path) -> str:
    """The slug of the charter a data folder holds, named by its `charter.yaml`."""
    return read(data_dir, "charter.yaml")["slug"]
