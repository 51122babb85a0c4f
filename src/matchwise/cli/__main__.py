"""``python -m matchwise.cli``: the same as the ``matchwise`` command."""

from matchwise.cli.app import main

main()
