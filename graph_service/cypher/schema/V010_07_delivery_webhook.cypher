// name: V010_07_delivery_webhook
// mode: schema
// returns: none
// params:
// A webhook's delivery log, newest first.
CREATE INDEX Delivery_webhook_at IF NOT EXISTS FOR (n:Delivery) ON (n.webhook, n.at)
