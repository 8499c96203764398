from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "tremplin.activities"
    label = "activities"
