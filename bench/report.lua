-- wrk script for bench/run.sh: after the run, print one machine-readable line.
--
--   apiary-bench requests=N duration_us=N rps=F mean_us=F stdev_us=F p50_us=F p90_us=F
--                p99_us=F p999_us=F max_us=F bytes=N err_connect=N err_read=N err_write=N
--                err_status=N err_timeout=N
--
-- Latencies are wrk's (closed loop: each connection sends its next request when the previous
-- answer arrives), in microseconds. err_status counts answers that were not 2xx/3xx.

done = function(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "apiary-bench requests=%d duration_us=%d rps=%.1f mean_us=%.1f stdev_us=%.1f " ..
    "p50_us=%.0f p90_us=%.0f p99_us=%.0f p999_us=%.0f max_us=%.0f bytes=%d " ..
    "err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d\n",
    summary.requests, summary.duration, summary.requests / seconds,
    latency.mean, latency.stdev,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout))
end
