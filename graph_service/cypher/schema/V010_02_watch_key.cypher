// name: V010_02_watch_key
// mode: schema
// returns: none
// params:
// One watch per owner, subject, matter and reference: a retried POST /v1/watches finds it.
CREATE CONSTRAINT Watch_key_unique IF NOT EXISTS FOR (n:Watch) REQUIRE n.key IS UNIQUE
