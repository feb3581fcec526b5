// name: read_deliveries
// mode: read
// returns: many
// params:
//   $webhook  string   the webhook
//   $limit    integer  the most attempts returned
// columns:
//   event    int
//   attempt  int
//   status   int
//   ok       boolean
//   error    string?
//   at       datetime
// A webhook's delivery log, newest attempt first.
MATCH (d:Delivery {webhook: $webhook})
RETURN d.event AS event, d.attempt AS attempt, d.status AS status, d.ok AS ok,
       d.error AS error, d.at AS at
ORDER BY at DESC, event DESC, attempt DESC
LIMIT $limit
