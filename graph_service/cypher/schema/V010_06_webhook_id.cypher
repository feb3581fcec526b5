// name: V010_06_webhook_id
// mode: schema
// returns: none
// params:
// Webhooks (issue 15) are addressed by id.
CREATE CONSTRAINT Webhook_id_unique IF NOT EXISTS FOR (n:Webhook) REQUIRE n.id IS UNIQUE
