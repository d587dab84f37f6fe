"""A Typer group whose sub-commands are imported only when one of them is run.

`hwb --help` lists every command from its name and one-line help alone; running
`hwb bcf check` imports hwb.bcf.cli and nothing else of the other parts.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

import typer
from typer.core import TyperGroup


@dataclass(frozen=True)
class Lazy:
    """A command or group named `name` in the Typer app `module.app`.

    `whole` means the app is itself the group (as `hwb bcf`); otherwise it holds
    `name` among its commands (as `serve` in hwb.web.cli)."""

    module: str
    help: str
    whole: bool = True


class LazyGroup(TyperGroup):
    """Lists `lazy` commands by their help text; imports one when it is resolved."""

    lazy: dict[str, Lazy] = {}

    def list_commands(self, ctx) -> list[str]:
        return [*super().list_commands(ctx), *self.lazy]

    def get_command(self, ctx, name: str):
        if name not in self.lazy or name in self.commands:
            return super().get_command(ctx, name)
        return typer.core.TyperCommand(name, help=self.lazy[name].help)  # a listing entry only

    def resolve_command(self, ctx, args):
        if args and args[0] in self.lazy and args[0] not in self.commands:
            self.commands[args[0]] = self._load(args[0])
        return super().resolve_command(ctx, args)

    def _load(self, name: str):
        entry = self.lazy[name]
        app = import_module(entry.module).app
        if entry.whole:
            holder = typer.Typer()
            holder.add_typer(app, name=name, help=entry.help)
            app = holder
        return typer.main.get_command(app).commands[name]
