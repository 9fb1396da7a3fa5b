"""Errors that reach the user as one line, never as a traceback."""


class KgError(Exception):
    """A problem with the user's input or settings; the CLI prints it on one line."""


class InputError(KgError):
    """Malformed or unreadable input; the message names the file and line."""

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(f"{where}: {message}" if where else message)
