"""Password rules Django lacks or words differently (settings.AUTH_PASSWORD_VALIDATORS).

- ``ContextWordValidator``: no password built on the name of this service or its field. NIST SP
  800-63B 5.1.1.2 asks to refuse "context-specific words, such as the name of the service"; an
  attacker who targets Veilige Plek tries those first.
- ``MinimumLengthValidator``: Django's, with a Dutch message of our own (Django 6.1 reworded the
  English one and its Dutch translation has not followed yet).

The common/breached list and similarity to the user's own name are Django's validators.
"""

from __future__ import annotations

import re

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CONTEXT_WORDS = ("veiligeplek", "comensha", "mensenhandel", "zorgcoordinatie")


def _letters(text: str) -> str:
    simplified = text.lower().replace("ö", "o")
    return re.sub(r"[^a-z]", "", simplified)


class ContextWordValidator:
    def validate(self, password: str, user: object = None) -> None:
        letters = _letters(password)
        for word in CONTEXT_WORDS:
            if word in letters:
                raise ValidationError(
                    _("Het wachtwoord mag niet de naam van deze dienst of het vakgebied bevatten."),
                    code="password_context_word",
                )

    def get_help_text(self) -> str:
        return _("Het wachtwoord mag niet de naam van deze dienst of het vakgebied bevatten.")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "Dit wachtwoord is te kort: gebruik minstens %(n)d teken.",
            "Dit wachtwoord is te kort: gebruik minstens %(n)d tekens.",
            self.min_length,
        ) % {"n": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Uw wachtwoord moet minstens %(n)d teken lang zijn.",
            "Uw wachtwoord moet minstens %(n)d tekens lang zijn.",
            self.min_length,
        ) % {"n": self.min_length}
