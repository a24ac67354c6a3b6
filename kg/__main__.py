"""``python -m kg`` runs the ``povkg`` command."""

import sys

from kg.cli import main

sys.exit(main())
