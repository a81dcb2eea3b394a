"""Static files: what ``collectstatic`` leaves out of the design-token package.

The pages use ``theme.css`` of the NL Design System example tokens (and the Utrecht component
CSS); the package also ships its tokens as JSON, CommonJS, TypeScript, Less and Sass, about 8 MB
that nothing serves. Collecting and compressing them took most of ``collectstatic``'s 30 s in
``make run``.
"""

from django.contrib.staticfiles.apps import StaticFilesConfig


class VeiligePlekStaticFilesConfig(StaticFilesConfig):
    # Matched against file names (paths inside a static folder have no "vendor/" prefix); no
    # other package or app ships files of these names (checked when this was written).
    ignore_patterns = [  # noqa: RUF012 - the parent's class attribute, extended
        *StaticFilesConfig.ignore_patterns,
        "tokens.*",
        "variables.*",
        "list.json",
        "_mixin.scss",
        "_variables.scss",
    ]
