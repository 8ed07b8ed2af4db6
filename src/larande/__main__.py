"""``python -m larande``: the command line (see :mod:`larande.cli`)."""

import sys

from larande.cli import main

if __name__ == "__main__":
    sys.exit(main())
