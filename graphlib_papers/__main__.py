"""``python -m graphlib_papers``: the same command line as ``graphlib-papers``."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
