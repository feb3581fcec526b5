// name: delete_webhook
// mode: write
// returns: many
// params:
//   $id     string  the webhook
//   $owner  string?  the caller, or null for the credit office
// columns:
//   id  any
// Stops deliveries to a webhook; its delivery log stays.
MATCH (h:Webhook {id: $id})
WHERE h.active AND ($owner IS NULL OR h.owner = $owner)
SET h.active = false, h.deleted_at = datetime()
RETURN h.id AS id
