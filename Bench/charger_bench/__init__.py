"""The bench CSMS of charger-agent: OCPP 2.0.1 server, REST API, GIS dashboard, scenarios and verifier.

It re-creates the seed's bench (an OCPP server recording into PostgreSQL, checked by a verifier and
watched on a map of 34 E-Mart chargers) on the `ocpp` library, which validates every message against
the OCA JSON schemas.
"""

DEFAULT_TARIFF_PER_KWH = 150.0
HEARTBEAT_INTERVAL = 30
