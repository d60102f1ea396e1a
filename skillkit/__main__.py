"""Run the command line as `python -m skillkit`."""

from skillkit.cli.main import main

main()
