from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "tremplin.inventory"
    label = "inventory"
