"""Data of the field half: the default configuration every charter starts from (default-grid.yaml) and,
per charter data folder (named like charter/data's), the demonstration walks and perimeters."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
DEFAULT_GRID = DATA_DIR / "default-grid.yaml"
