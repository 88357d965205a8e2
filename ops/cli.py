"""The ``groupbuy-ops`` app: signing in and out, and the command groups of ops/*.py.

Every failure a command raises as ``OpsError`` (a problem document from the gateway, an unreachable gateway,
a bad file) is printed as one red line on stderr with exit code 1; wrong usage exits 2 (click's own)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from groupbuy_client.api.auth import auth_dev_login, auth_logout
from groupbuy_client.api.users import users_me
from groupbuy_client.models import DevLogin, DevLoginRolesItem, RefreshRequest, UserPublic
from rich.console import Console

from ops import aftersales, day, exports, groups, orders, products, referrals, week, withdrawals
from ops.errors import OpsError
from ops.render import consoles, error_line
from ops.session import CONFIG_ENV, Credentials, Session, bearer_client, config_path, expect, public_client, send

STAFF_ROLES = {"ops", "admin"}


class OpsGroup(typer.core.TyperGroup):
    """Turns every ``OpsError`` raised below into one red line and a non-zero exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OpsError as exc:
            state = ctx.obj if isinstance(ctx.obj, Ops) else None
            error_line(state.err if state else consoles()[1], str(exc))
            raise typer.Exit(exc.exit_code) from None


@dataclass
class Ops:
    """What every command gets through ``ctx.obj``."""

    config: Path
    out: Console
    err: Console

    def session(self) -> Session:
        return Session.open(self.config)


app = typer.Typer(cls=OpsGroup, name="groupbuy-ops", no_args_is_help=True, add_completion=False,
                  pretty_exceptions_show_locals=False,
                  help="Ops command line of the group-buying backend: products, the week's calendar, groups, "
                       "orders, withdrawals, exports, the referral tree.")
for module in (products, week, day, groups, orders, aftersales, withdrawals, exports, referrals):
    app.add_typer(module.app)


@app.callback()
def root(ctx: typer.Context,
         config: Annotated[Path | None, typer.Option(
             "--config", envvar=CONFIG_ENV, show_envvar=True, dir_okay=False,
             help="Credentials file (default: ~/.config/groupbuy-ops/credentials.json)")] = None) -> None:
    out, err = consoles()
    ctx.obj = Ops(config=config_path(config), out=out, err=err)


@app.command()
def login(ctx: typer.Context,
          url: Annotated[str, typer.Option(help="The gateway, e.g. https://api.example.com")],
          token: Annotated[str | None, typer.Option(help="An access token from the mini-program's ops login")] = None,
          refresh_token: Annotated[str | None, typer.Option(help="Its refresh token, to stay signed in")] = None,
          dev_openid: Annotated[str | None, typer.Option(
              help="Development stacks only: sign in as this openid with the ops role")] = None) -> None:
    """Sign in and keep the tokens in the credentials file (readable by you only)."""
    ops: Ops = ctx.obj
    url = url.rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise typer.BadParameter("the gateway's URL starts with http:// or https://", param_hint="--url")
    if (token is None) == (dev_openid is None):
        raise typer.BadParameter("give either --token or --dev-openid")
    if dev_openid is not None:
        body = DevLogin(openid=dev_openid, roles=[DevLoginRolesItem.OPS])
        tokens = expect(url, send(url, lambda: auth_dev_login.sync_detailed(client=public_client(url), body=body)))
        credentials = Credentials.from_tokens(url, tokens)
    else:
        credentials = Credentials(url=url, access_token=str(token), refresh_token=refresh_token)
    # The token is checked before anything is kept; a refused one is an error here, not a reason to refresh.
    client = bearer_client(url, credentials.access_token)
    me = expect(url, send(url, lambda: users_me.sync_detailed(client=client)))
    credentials.user_id = me.id
    credentials.save(ops.config)
    ops.out.print(f"Logged in to {url} as {_who(me)}")
    ops.out.print(f"Credentials kept in {ops.config}", style="dim")
    if not STAFF_ROLES & set(me.roles):
        ops.err.print("This account has neither the ops nor the admin role: most commands will be refused.",
                      style="yellow")


@app.command()
def logout(ctx: typer.Context) -> None:
    """Revoke the tokens at the gateway and forget them here."""
    ops: Ops = ctx.obj
    session = ops.session()
    refresh_token = session.credentials.refresh_token
    try:
        if refresh_token:
            body = RefreshRequest(refresh_token=refresh_token)
            expect(session.url, send(session.url, lambda: auth_logout.sync_detailed(
                client=public_client(session.url), body=body)))
    except OpsError as exc:
        ops.err.print(f"The gateway did not revoke the tokens ({exc}); forgetting them here anyway.", style="yellow")
    ops.config.unlink(missing_ok=True)
    ops.out.print(f"Logged out of {session.url}")


@app.command()
def whoami(ctx: typer.Context) -> None:
    """Who the kept credentials sign in as."""
    ops: Ops = ctx.obj
    session = ops.session()
    me = session.call(users_me.sync_detailed)
    ops.out.print(f"{session.url}: {_who(me)}, level: {me.level}")


def _who(me: UserPublic) -> str:
    name = f" ({me.nickname})" if me.nickname else ""
    return f"user {me.id}{name}, roles: {', '.join(me.roles) or 'none'}"


def main() -> None:
    app()
