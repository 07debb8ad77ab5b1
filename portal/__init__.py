"""旺乡村: the village-governance TV portal."""

__version__ = "0.1.0"
