"""The version of the API, as the OpenAPI document and the health check report it."""

API_VERSION = "0.1.0"
