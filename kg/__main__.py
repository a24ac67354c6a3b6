"""``python -m kg`` runs the ``povkg`` command."""

import sys

from kg.cli import main

if __name__ == "__main__":  # not when a spawned query worker imports this module
    sys.exit(main())
