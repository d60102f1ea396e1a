"""Run the command line as `python -m skillkit`."""

from .cli import main

main()
