-- wrk script: POST one image as multipart to /api/v1/ml/forward.
-- IMAGE (path) and TOKEN come from the environment.
local path = os.getenv("IMAGE")
local f = assert(io.open(path, "rb"))
local bytes = f:read("*all")
f:close()
local boundary = "practicum-bench-boundary"
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
wrk.body = "--" .. boundary .. "\r\n"
  .. 'Content-Disposition: form-data; name="image"; filename="image.jpg"\r\n'
  .. "Content-Type: image/jpeg\r\n\r\n" .. bytes .. "\r\n--" .. boundary .. "--\r\n"
