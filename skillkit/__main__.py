"""Run the command line as `python -m skillkit`."""

from .main import main

main()
