"""The command line: argv to settings, the run, a reporter and the exit code (the only layer that imports typer or exits)."""
