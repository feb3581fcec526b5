// name: touch_token
// mode: write
// returns: none
// params:
//   $hash  string  SHA-256 of the token just used
// Records a token's last use (written at most once a minute per token, graph_service/auth.py).
MATCH (t:ApiToken {hash: $hash})
SET t.last_used = datetime()
