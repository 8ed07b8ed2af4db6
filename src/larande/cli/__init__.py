"""The command line: ``larande COMMAND ...``, or ``python -m larande COMMAND ...``.

``demo`` prints the loop on the bundled municipality and ``report DATASET.json`` the same
readable report for any dataset; ``analyze``, ``plan``, ``schedule``, ``due`` and ``review``
read a :class:`~larande.Dataset` document and write the result as a JSON document;
``progress`` and ``annual UNIT`` print tables, ``mermaid`` the goal tree and ``schema TYPE``
the JSON Schema of a document type. Every command prints a one-line summary on stderr and
exits 0 on success, 2 on bad input and 1 when a file is missing. Argument parsing lives in
``_args``, the commands in ``_commands``, the readable report in ``_render``.
"""

from larande.cli._commands import main

__all__ = ["main"]
