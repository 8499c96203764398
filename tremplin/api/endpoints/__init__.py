"""The API's routers, one module per domain (registered in api.api, in this order)."""
