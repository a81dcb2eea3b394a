from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from veiligeplek.accounts.models import ApiToken, User
from veiligeplek.accounts.tokens import (
    DAYS_MAX,
    TokenError,
    api_token_active,
    api_token_create,
    api_token_revoke,
)
from veiligeplek.domain.text import CONTROL_MESSAGE, has_control_character


class Command(BaseCommand):
    help = (
        "API-tokens voor scripts en koppelingen (Authorization: Bearer vp_…). Een token werkt "
        "met de rol en het bereik van zijn gebruiker, zonder tweede stap; hij eindigt bij "
        "intrekken, na zijn looptijd, of als de sessies van de gebruiker eindigen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="maak een token; de sleutel verschijnt één keer")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="waarvoor de token is")
        create.add_argument("--days", type=int, default=90, help=f"looptijd, 1-{DAYS_MAX} dagen")
        listing = actions.add_parser("list", help="tokens met hun status, nooit de sleutel")
        listing.add_argument("username", nargs="?")
        revoke = actions.add_parser("revoke", help="trek een token in")
        revoke.add_argument("id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["action"] == "create":
            if has_control_character(options["name"]):
                raise CommandError(f"--name: {CONTROL_MESSAGE}", returncode=2)
            user = self._user(options["username"])
            try:
                token, key = api_token_create(
                    user=user, name=options["name"], days=options["days"], now=now
                )
            except TokenError as error:
                raise CommandError(str(error), returncode=2) from None
            self.stdout.write(key)
            expires = timezone.localtime(token.expires_at)
            self.stderr.write(
                f"Token {token.pk} voor {user.username} ({token.name}), geldig tot "
                f"{expires:%d-%m-%Y %H:%M}. Bewaar de sleutel nu: hij wordt niet opgeslagen "
                "en niet nog eens getoond."
            )
        elif options["action"] == "list":
            tokens = ApiToken.objects.select_related("user").order_by("user__username", "pk")
            if options["username"]:
                tokens = tokens.filter(user=self._user(options["username"]))
            for token in tokens:
                status = "actief" if api_token_active(token, now=now) else "beëindigd"
                self.stdout.write(
                    f"{token.pk}\t{token.user.username}\t{token.name}\t"
                    f"{timezone.localtime(token.created_at):%d-%m-%Y}\t"
                    f"tot {timezone.localtime(token.expires_at):%d-%m-%Y}\t{status}"
                )
        else:
            found = ApiToken.objects.filter(pk=options["id"]).first()
            if found is None:
                raise CommandError(f"id: geen token met nummer {options['id']}", returncode=2)
            if api_token_revoke(token=found, now=now):
                self.stdout.write(f"Token {found.pk} ({found.name}) ingetrokken.")
            else:
                self.stdout.write(f"Token {found.pk} was al ingetrokken.")

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"username: onbekende gebruiker {username}", returncode=2)
        return user
