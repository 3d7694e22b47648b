# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
"""Small helpers for ray-cluster.sh (run with the Ray venv's python).

    serve_apps.py summary [APP,APP,...] < GET-/api/serve/applications/.json
        One line per application, then "ALL_RUNNING", "FAILED <app>" or "NOT_READY <n>".
    serve_apps.py render-config SRC DST HTTP_PORT [WITHOUT_APP,WITHOUT_APP,...]
        Copy a Serve config YAML, setting http_options.host/port, leaving out the named applications.
    serve_apps.py app-names CONFIG
        Comma-separated application names of a Serve config YAML.
"""
import json
import sys


def summary(want: str = "") -> None:
    details = json.load(sys.stdin)
    apps = details.get("applications") or {}
    names = [n for n in want.split(",") if n] or sorted(apps)
    not_ready, failed = 0, None
    for name in names:
        app = apps.get(name)
        if app is None:
            print(f"  {name:12} (absent)")
            not_ready += 1
            continue
        parts = []
        for dep_name, dep in (app.get("deployments") or {}).items():
            running = sum(r.get("state") == "RUNNING" for r in dep.get("replicas") or [])
            parts.append(f"{dep_name} {dep.get('status')} {running}/{dep.get('target_num_replicas')}")
        status = app.get("status")
        print(f"  {name:12} {status:14} {'; '.join(parts)}")
        if status == "DEPLOY_FAILED":
            failed = name
            print("    message:", (app.get("message") or "").strip()[:3000])
        if status != "RUNNING":
            not_ready += 1
    if failed:
        print(f"FAILED {failed}")
    elif not_ready:
        print(f"NOT_READY {not_ready}")
    else:
        print("ALL_RUNNING")


def render_config(src: str, dst: str, port: str, without: str = "") -> None:
    import yaml

    with open(src) as f:
        cfg = yaml.safe_load(f)
    cfg.setdefault("http_options", {}).update(host="127.0.0.1", port=int(port))
    left_out = {n for n in without.split(",") if n}
    unknown = left_out - {a["name"] for a in cfg["applications"]}
    if unknown:
        sys.exit(f"render-config: no application {', '.join(sorted(unknown))} in {src}")
    cfg["applications"] = [a for a in cfg["applications"] if a["name"] not in left_out]
    with open(dst, "w") as f:
        yaml.safe_dump(cfg, f, sort_keys=False)


def app_names(path: str) -> None:
    import yaml

    with open(path) as f:
        print(",".join(a["name"] for a in yaml.safe_load(f)["applications"]))


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"summary": summary, "render-config": render_config, "app-names": app_names}[cmd](*args)
