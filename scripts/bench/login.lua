-- wrk script: POST a JSON login (the account is seeded by `practicum demo`).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"username":"student@practicum.example","password":"practicum-demo-1"}'
