"""Plots (matplotlib imported inside functions)."""

__all__: list[str] = []
