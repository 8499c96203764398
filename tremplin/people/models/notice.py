"""The information notice given to people (RGPD art. 13-14): a versioned text the national team edits.

Each version holds the French text, its FALC version (facile à lire et à comprendre) and the other
languages the network provides (settings.TREMPLIN_NOTICE_LANGUAGES). A published version is frozen:
editing starts a new draft (version N + 1), so every consent keeps the exact text the person was given.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def notice_languages():
    """(code, name) of the languages the network provides besides French and FALC."""
    return list(getattr(settings, "TREMPLIN_NOTICE_LANGUAGES", []))


# The printed notice's heading in the notice's own language (the person reads it, whatever the staff's interface).
# French goes through gettext; the other languages the network may provide are written here, as the notice's texts
# are written by the national team and not by the translation catalogues (there is no Arabic catalogue). A language
# missing here gets the bare version number rather than a French heading above a text in another language.
HEADINGS = {
    "en": "Information notice, version %(version)s",
    "ar": "إشعار المعلومات، الإصدار %(version)s",
    "uk": "Інформаційне повідомлення, версія %(version)s",
}


class InformationNoticeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def current(self):
        """The version in force: the last one published (None before any)."""
        return self.published().order_by("-version").first()


class InformationNotice(models.Model):
    version = models.PositiveIntegerField(_("version"), unique=True)
    text = models.TextField(_("texte (français)"))
    text_falc = models.TextField(
        _("texte en FALC"), blank=True, help_text=_("Facile à lire et à comprendre : phrases courtes, mots simples.")
    )
    translations = models.JSONField(_("traductions"), default=dict, blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = InformationNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice d'information")
        verbose_name_plural = _("notices d'information")
        ordering = ["-version"]

    def __str__(self):
        return str(_("Notice d'information, version %(version)s")) % {"version": self.version}

    def save(self, *args, **kwargs):
        if self.pk and type(self).objects.filter(pk=self.pk, published_at__isnull=False).exists():
            raise ValidationError(_("Une version publiée ne se modifie plus : créez une nouvelle version."))
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        return self.published_at is not None

    def text_in(self, language):
        """The text for `language` ("fr", "falc" or a provided language code); "" when not written."""
        if language == "fr":
            return self.text
        if language == "falc":
            return self.text_falc
        return (self.translations or {}).get(language, "")

    def heading_in(self, language):
        """« Notice d'information, version N » in `language` ("fr", "falc" or a provided language)."""
        if language in ("fr", "falc"):
            return str(self)
        return HEADINGS.get(language, "v%(version)s") % {"version": self.version}

    def available_languages(self):
        """(code, name) of the versions written: French, FALC, then the provided languages."""
        found = [("fr", _("Français"))]
        if self.text_falc.strip():
            found.append(("falc", _("Français facile à lire (FALC)")))
        found += [(code, name) for code, name in notice_languages() if self.text_in(code).strip()]
        return found
