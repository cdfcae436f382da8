"""Reports."""

__all__: list[str] = []
