#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
"""Writes weeks of Ray Serve request history as OpenMetrics, for `promtool tsdb create-blocks-from openmetrics`
(scripts/prometheus.sh start --backfill FILE), so schedule suggestions are tested on real range queries.

The pattern (pinned: tests/integration/test_live_suggest.cpp expects exactly this):
  - Mon-Fri 07:00-17:00 in --tz at --rate requests/s,
  - except one holiday: the Wednesday of the second week is silent,
  - and noise: --noise requests in the minute from 03:10 on the Saturday of the third week (local time).
One sample a minute of ray_serve_deployment_request_counter_total{application, deployment, replica}, the counter
at each sample holding every request before it; the history ends on the last whole hour at least
--end-hours-ago hours before now, and starts --weeks weeks earlier.
"""
import argparse
import datetime as dt
import sys
from zoneinfo import ZoneInfo

NAME = "ray_serve_deployment_request_counter"


def requests_in_minute(local, start_week_monday, rate, noise):
    """Requests in the minute that begins at `local` (an aware local datetime)."""
    week = (local.date() - start_week_monday).days // 7
    weekday = local.isoweekday()  # 1 = Monday
    minute_of_day = local.hour * 60 + local.minute
    if weekday <= 5 and 7 * 60 <= minute_of_day < 17 * 60:
        if week == 1 and weekday == 3:
            return 0  # the holiday
        return rate * 60
    if week == 2 and weekday == 6 and minute_of_day == 3 * 60 + 10:
        return noise
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", required=True)
    parser.add_argument("--deployment", required=True)
    parser.add_argument("--tz", default="Europe/Ljubljana")
    parser.add_argument("--weeks", type=int, default=4)
    parser.add_argument("--rate", type=float, default=5.0)
    parser.add_argument("--noise", type=int, default=30)
    parser.add_argument("--end-hours-ago", type=float, default=1.0)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    zone = ZoneInfo(args.tz)
    now = dt.datetime.now(dt.timezone.utc)
    end = (now - dt.timedelta(hours=args.end_hours_ago)).replace(minute=0, second=0, microsecond=0)
    start = end - dt.timedelta(weeks=args.weeks)
    start_local = start.astimezone(zone)
    # Weeks are counted from the Monday of the week the history starts in.
    start_week_monday = start_local.date() - dt.timedelta(days=start_local.isoweekday() - 1)

    labels = f'application="{args.app}",deployment="{args.deployment}",replica="backfill"'
    total = 0.0
    lines = [f"# TYPE {NAME} counter", f"# HELP {NAME} Requests a replica processed (backfilled history)."]
    at = start
    while at <= end:
        lines.append(f"{NAME}_total{{{labels}}} {total:.1f} {int(at.timestamp())}")
        total += requests_in_minute(at.astimezone(zone), start_week_monday, args.rate, args.noise)
        at += dt.timedelta(minutes=1)
    lines.append("# EOF")
    with open(args.out, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    print(f"{args.out}: {len(lines) - 3} samples from {start.isoformat()} to {end.isoformat()}, "
          f"{total:.0f} requests", file=sys.stderr)


if __name__ == "__main__":
    main()
