"""``python -m dashboard.prepare``: rebuild ``data/prepared`` from ``data/raw``."""

import sys

from dashboard.prepare.pipeline import main

sys.exit(main())
