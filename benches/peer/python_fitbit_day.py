"""The seeds' own client, python-fitbit 0.3.1, fetching one day from a `fittui sim`.

It asks for the same endpoints as `fittui summary --date DATE` does with an empty store
(`benches/headless.rs` checks the two request logs against each other), through python-fitbit's
own methods where one builds the same URL, else through its `make_request` (which adds the same
OAuth 2 session, error checks and JSON decoding). Run by `benches/headless.rs` with the
throw-away virtualenv's interpreter; configured through the environment:

  FITBIT_API_BASE  the simulator's API base URL (http://127.0.0.1:PORT)
  FITBIT_CLIENT_ID, FITBIT_CLIENT_SECRET, FITBIT_ACCESS_TOKEN, FITBIT_REFRESH_TOKEN
  FITBIT_DATE      the day, YYYY-MM-DD
  FITBIT_PATHS     the request paths to make, one a line ({date}-style placeholders already
                   filled in), as fittui made them

An answer of 400 (a tracker without alarm support, asked for its alarms as fittui asks) is
caught and counted, as fittui takes it too. Prints one JSON line: requests made, answers of
400, bytes of JSON decoded, and the time from the first request to the last response (the imports and the interpreter's start are not in it; the whole
process is timed by the caller).
"""

import datetime
import json
import os
import sys
import time

os.environ.setdefault("OAUTHLIB_INSECURE_TRANSPORT", "1")  # the simulator is plain http

import fitbit  # noqa: E402  (after the environment is set)
import fitbit.exceptions  # noqa: E402


def main():
    base = os.environ["FITBIT_API_BASE"].rstrip("/")
    fitbit.Fitbit.API_ENDPOINT = base
    day = datetime.date.fromisoformat(os.environ["FITBIT_DATE"])
    client = fitbit.Fitbit(
        os.environ["FITBIT_CLIENT_ID"],
        os.environ["FITBIT_CLIENT_SECRET"],
        access_token=os.environ["FITBIT_ACCESS_TOKEN"],
        refresh_token=os.environ["FITBIT_REFRESH_TOKEN"],
        expires_at=time.time() + 8 * 3600,
    )
    paths = [p for p in os.environ["FITBIT_PATHS"].splitlines() if p.strip()]
    start = time.perf_counter()
    sizes = []
    bad_requests = 0
    for path in paths:
        try:
            sizes.append(len(json.dumps(fetch(client, base, day, path))))
        except fitbit.exceptions.HTTPBadRequest:
            bad_requests += 1
    took = time.perf_counter() - start
    print(json.dumps({
        "requests": len(paths),
        "bad_requests": bad_requests,
        "json_bytes": sum(sizes),
        "fetch_ms": took * 1000,
    }))


def fetch(client, base, day, path):
    """One path, through the python-fitbit method that builds exactly that URL when there is one."""
    d = day.isoformat()
    if path == "/1/user/-/profile.json":
        return client.user_profile_get()
    if path == "/1/user/-/devices.json":
        return client.get_devices()
    if path == f"/1/user/-/activities/date/{d}.json":
        return client.activities(date=day)
    if path == f"/1/user/-/activities/heart/date/{d}/1d/1sec.json":
        return client.intraday_time_series("activities/heart", base_date=day, detail_level="1sec")
    if path == f"/1/user/-/activities/steps/date/{d}/1d/15min.json":
        return client.intraday_time_series("activities/steps", base_date=day, detail_level="15min")
    # Everything else (sleep 1.2, active-zone minutes, HRV, SpO2, …, and the ranges): the
    # library's own request path with the URL given whole.
    return client.make_request(base + path)


if __name__ == "__main__":
    sys.exit(main())
