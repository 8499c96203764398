"""Version 1 of the information notice: the text given so far (recorded as « 2026-01 » by consents)."""

from django.db import migrations
from django.utils import timezone

TEXT = """Notice d'information sur vos données personnelles

Qui traite vos données ?
L'espace France numérique qui vous accompagne et le réseau Tremplin auquel il appartient. Vos données sont
enregistrées dans le logiciel Tremplin, hébergé en France.

Pourquoi ?
- vous accompagner dans vos démarches et vos usages numériques, et suivre cet accompagnement ;
- vous inscrire aux ateliers et vous envoyer des rappels, si vous le souhaitez ;
- traiter une orientation faite par une structure partenaire (CCAS, France Travail…) ;
- vous proposer du matériel reconditionné ou un accès à internet à prix solidaire, et tenir la caisse ;
- établir des statistiques anonymes pour nos financeurs (jamais votre nom).

Quelles données ?
Vos nom et prénom, votre année de naissance, votre téléphone et votre e-mail si vous les donnez, votre
commune, vos langues, les accompagnements, ateliers et achats, et le type de justificatif présenté pour un
tarif solidaire (jamais le justificatif lui-même ni le détail de vos ressources).

Qui les voit ?
Seulement l'équipe de l'espace qui vous suit (et le prescripteur qui vous a orienté·e, pour le suivi de
son orientation). L'équipe nationale et les financeurs ne voient que des chiffres, sans nom.

Combien de temps ?
Votre dossier est anonymisé 2 ans après votre dernier contact avec l'espace. Les pièces de caisse sont
conservées le temps prévu par la loi (6 ans), sans votre nom.

Vos droits
Vous pouvez voir vos données, les faire corriger, les faire effacer, vous opposer à leur utilisation ou
retirer votre accord aux messages à tout moment : adressez-vous à l'espace qui vous accompagne. Vous pouvez
aussi saisir la CNIL (www.cnil.fr)."""

TEXT_FALC = """Vos informations personnelles

Quand vous venez dans l'espace, nous écrivons des informations sur vous dans un ordinateur.
Par exemple : votre nom, votre téléphone, les ateliers où vous venez.

Pourquoi ?
Pour vous aider avec le numérique.
Pour vous envoyer un message avant un atelier, si vous êtes d'accord.

Qui peut voir vos informations ?
Seulement l'équipe de l'espace qui vous aide.
Les autres personnes voient seulement des nombres, sans votre nom.

Combien de temps ?
2 ans après votre dernière venue. Ensuite, votre nom est effacé.

Vous pouvez :
- voir vos informations ;
- les faire corriger ;
- les faire effacer ;
- dire non aux messages.
Demandez à l'équipe de l'espace.
Vous pouvez aussi vous plaindre à la CNIL : www.cnil.fr"""

PREVIOUS_LABELS = ("1", "2026-01")


def create_version_1(apps, schema_editor):
    Notice = apps.get_model("people", "InformationNotice")
    Consent = apps.get_model("people", "Consent")
    notice, _created = Notice.objects.get_or_create(
        version=1, defaults={"text": TEXT, "text_falc": TEXT_FALC, "published_at": timezone.now()}
    )
    # The consents recorded so far were given this text (the version the settings called « 2026-01 »).
    Consent.objects.filter(notice__isnull=True, notice_version__in=PREVIOUS_LABELS).update(notice=notice)


def remove_version_1(apps, schema_editor):
    Consent = apps.get_model("people", "Consent")
    Consent.objects.filter(notice__version=1).update(notice=None)
    apps.get_model("people", "InformationNotice").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("people", "0010_information_notice")]
    operations = [migrations.RunPython(create_version_1, remove_version_1)]
