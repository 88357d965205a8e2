"""``python -m ops`` runs the command line."""

from ops.cli import main

main()
