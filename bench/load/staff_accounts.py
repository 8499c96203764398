"""The demo accounts the load test works as (core/demodata.py), shared by locust and the till set-up."""

PASSWORD = "tremplin-demo-2026"  # noqa: S105 — the public demo password
ACCOUNTS = ["mediatrice.lyon@demo.tremplin.example", "mediateur.villeurbanne@demo.tremplin.example"]
