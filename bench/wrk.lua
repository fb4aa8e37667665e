-- wrk script of bench.http_bench: request i of thread t carries token (t + i * threads) of BENCH_TOKENS
-- (one a line), so each ballot is a different voter; done() prints one JSON line.
local tokens = {}
local counter = 0
local step = 1
local method = os.getenv("BENCH_METHOD")
local path = os.getenv("BENCH_PATH")
local body = os.getenv("BENCH_BODY")
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("BENCH_TOKENS")) do
    tokens[#tokens + 1] = line
  end
  step = tonumber(os.getenv("BENCH_THREADS"))
  counter = tid
end

function request()
  local token = tokens[(counter % #tokens) + 1]
  counter = counter + step
  local headers = { ["Authorization"] = "Bearer " .. token }
  if body then
    headers["Content-Type"] = "application/json"
  end
  return wrk.format(method, path, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "status_errors": %d, "socket_errors": %d, '
      .. '"p50_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max, latency.mean))
end
