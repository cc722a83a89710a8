"""`python -m contactpoint` is the same as the `contactpoint` command."""

from contactpoint.cli import main

main()
