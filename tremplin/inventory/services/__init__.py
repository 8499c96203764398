"""Write operations of the inventory room, one transaction each (see the modules)."""
