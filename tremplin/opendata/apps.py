from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "tremplin.opendata"
    label = "opendata"
