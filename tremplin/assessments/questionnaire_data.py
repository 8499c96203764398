"""The ready questionnaire the demo ships (version 1): 6 areas, 14 items, in French, English and Arabic.

`create_default_questionnaire()` is idempotent (matched by version number) and publishes the version.
"""

from django.db import transaction

from .models import Area, Item, Questionnaire

OBS, SELF = "observed", "self"

AREAS = [
    {
        "code": "appareil",
        "names": {"fr": "Utiliser un appareil", "en": "Using a device", "ar": "استخدام جهاز"},
        "crcn_codes": ["5.1", "5.2"],
        "thematiques": ["prendre_en_main_du_materiel"],
        "items": [
            (
                OBS,
                {
                    "fr": "Allumer l'appareil et ouvrir le navigateur",
                    "en": "Switch the device on and open the browser",
                    "ar": "تشغيل الجهاز وفتح المتصفح",
                },
            ),
            (
                OBS,
                {
                    "fr": "Écrire un mot avec le clavier",
                    "en": "Type a word on the keyboard",
                    "ar": "كتابة كلمة بلوحة المفاتيح",
                },
            ),
            (
                SELF,
                {
                    "fr": "Savez-vous brancher et charger votre appareil ?",
                    "en": "Can you plug in and charge your device?",
                    "ar": "هل تعرف كيف تشحن جهازك؟",
                },
            ),
        ],
    },
    {
        "code": "naviguer",
        "names": {"fr": "Naviguer et chercher", "en": "Browsing and searching", "ar": "التصفح والبحث"},
        "crcn_codes": ["1.1"],
        "thematiques": ["navigation_sur_internet"],
        "items": [
            (
                OBS,
                {
                    "fr": "Chercher les horaires de la mairie sur internet",
                    "en": "Find the town hall's opening hours online",
                    "ar": "البحث عن مواعيد البلدية على الإنترنت",
                },
            ),
            (
                SELF,
                {
                    "fr": "Savez-vous reconnaître une publicité sur une page ?",
                    "en": "Can you recognise an advert on a page?",
                    "ar": "هل تعرف كيف تميز الإعلان في الصفحة؟",
                },
            ),
        ],
    },
    {
        "code": "communiquer",
        "names": {
            "fr": "Communiquer : e-mail, messagerie, visio",
            "en": "Communicating: e-mail, messaging, video",
            "ar": "التواصل: البريد والرسائل والفيديو",
        },
        "crcn_codes": ["2.1", "2.2"],
        "thematiques": ["email", "reseaux_sociaux"],
        "items": [
            (
                OBS,
                {
                    "fr": "Ouvrir sa boîte e-mail et lire un message",
                    "en": "Open your mailbox and read a message",
                    "ar": "فتح البريد الإلكتروني وقراءة رسالة",
                },
            ),
            (
                SELF,
                {
                    "fr": "Savez-vous envoyer une photo par e-mail ?",
                    "en": "Can you send a photo by e-mail?",
                    "ar": "هل تعرف كيف ترسل صورة بالبريد الإلكتروني؟",
                },
            ),
            (
                SELF,
                {
                    "fr": "Savez-vous faire un appel vidéo ?",
                    "en": "Can you make a video call?",
                    "ar": "هل تعرف كيف تجري مكالمة فيديو؟",
                },
            ),
        ],
    },
    {
        "code": "demarches",
        "names": {
            "fr": "Démarches en ligne : compte, identifiants, documents",
            "en": "Online procedures: account, passwords, documents",
            "ar": "الإجراءات عبر الإنترنت: الحساب وكلمات السر والوثائق",
        },
        "crcn_codes": ["1.2", "2.4"],
        "thematiques": ["aide_aux_demarches_administratives"],
        "items": [
            (
                OBS,
                {
                    "fr": "Se connecter à un compte avec un identifiant et un mot de passe",
                    "en": "Log in to an account with a username and password",
                    "ar": "الدخول إلى حساب باسم المستخدم وكلمة السر",
                },
            ),
            (
                SELF,
                {
                    "fr": "Savez-vous envoyer un document scanné ou photographié ?",
                    "en": "Can you send a scanned or photographed document?",
                    "ar": "هل تعرف كيف ترسل وثيقة ممسوحة أو مصورة؟",
                },
            ),
        ],
    },
    {
        "code": "securite",
        "names": {
            "fr": "Sécurité et données personnelles",
            "en": "Safety and personal data",
            "ar": "الأمان والبيانات الشخصية",
        },
        "crcn_codes": ["4.1", "4.2"],
        "thematiques": ["securite_numerique"],
        "items": [
            (
                OBS,
                {
                    "fr": "Repérer un message frauduleux parmi trois exemples",
                    "en": "Spot the scam among three example messages",
                    "ar": "التعرف على رسالة احتيالية من بين ثلاثة أمثلة",
                },
            ),
            (
                SELF,
                {
                    "fr": "Savez-vous choisir un mot de passe solide ?",
                    "en": "Can you choose a strong password?",
                    "ar": "هل تعرف كيف تختار كلمة سر قوية؟",
                },
            ),
        ],
    },
    {
        "code": "smartphone",
        "names": {"fr": "Smartphone", "en": "Smartphone", "ar": "الهاتف الذكي"},
        "crcn_codes": ["5.2", "2.1"],
        "thematiques": ["prendre_en_main_du_materiel"],
        "items": [
            (
                OBS,
                {
                    "fr": "Installer une application depuis le magasin d'applications",
                    "en": "Install an app from the app store",
                    "ar": "تثبيت تطبيق من متجر التطبيقات",
                },
            ),
            (
                SELF,
                {
                    "fr": "Savez-vous prendre une photo et la retrouver ?",
                    "en": "Can you take a photo and find it again?",
                    "ar": "هل تعرف كيف تلتقط صورة وتجدها؟",
                },
            ),
        ],
    },
]


@transaction.atomic
def create_default_questionnaire(version=1):
    """The demo's ready questionnaire, published. Returns it (the existing one if already there)."""
    existing = Questionnaire.objects.filter(version=version).first()
    if existing is not None:
        return existing
    questionnaire = Questionnaire.objects.create(version=version, title="Diagnostic des compétences numériques")
    for area_order, data in enumerate(AREAS, start=1):  # shown to users: counted from 1
        area = Area(
            questionnaire=questionnaire,
            code=data["code"],
            order=area_order,
            names=data["names"],
            crcn_codes=data["crcn_codes"],
            thematiques=data["thematiques"],
        )
        area.save()
        for item_order, (kind, texts) in enumerate(data["items"], start=1):
            Item(area=area, order=item_order, kind=kind, texts=texts).save()
    questionnaire.publish()
    return questionnaire
