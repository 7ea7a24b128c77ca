#!/usr/bin/env python3
"""Writes resources/samples/sample-history.csv: a small, deterministic sign-in history for the demo.

Offices and VPN egress inside the sample list, home workers outside it, an integration on a cloud
server the list forgets, and failed attempts from hostile addresses."""
import datetime
import random

rng = random.Random(20261127)
start = datetime.datetime(2026, 10, 28, tzinfo=datetime.timezone.utc)
apps = ["Genesys Cloud", "Genesys Cloud Desktop", "Architect", "Performance Dashboard"]
offices = {"81.2.69": ["amelie.durand", "bruno.martin", "chloe.bernard", "david.petit", "emma.robert"],
           "62.210.16": ["farid.richard", "gaelle.moreau", "hugo.simon"]}
vpn_users = ["ines.laurent", "jules.lefebvre", "karim.michel"]
home_users = {"lea.garcia": "90.12.44.", "marc.david": "86.247.3.", "nina.bertrand": "109.190.7."}
rows = []

def add(day, user, ip, app, result):
    when = start + datetime.timedelta(days=day, seconds=rng.randint(7 * 3600, 19 * 3600))
    rows.append((when.strftime("%Y-%m-%dT%H:%M:%SZ"), user, ip, app, result))

for day in range(30):
    weekday = (start + datetime.timedelta(days=day)).weekday()
    if weekday >= 5:
        continue
    for prefix, users in offices.items():
        for user in users:
            for _ in range(rng.randint(1, 3)):
                add(day, user, f"{prefix}.{rng.randint(2, 250)}", rng.choice(apps), "success")
    for user in vpn_users:
        add(day, user, f"185.53.178.{rng.randint(10, 60)}", rng.choice(apps), "success")
    for user, prefix in home_users.items():
        add(day, user, prefix + str(rng.randint(2, 254)), rng.choice(apps[:2]), "success")
    for _ in range(4):  # an integration on a cloud server nobody listed
        add(day, "svc-crm-sync@example.com", "34.240.17.9", "CRM sync (client credentials)", "success")
    add(day, "svc-wfm@example.com", "51.15.0.10", "WFM export", "success")
    for _ in range(rng.randint(0, 3)):  # password spraying
        add(day, rng.choice(["admin", "amelie.durand", "test"]), f"45.155.205.{rng.randint(1, 254)}", "Genesys Cloud", "failure")
    if day % 7 == 1:
        add(day, "lea.garcia", "2a01:cb08:8a3:1200::1f", "Genesys Cloud", "success")

rows.sort()
with open("resources/samples/sample-history.csv", "w", newline="") as f:
    f.write("timestamp,user,ip,application,result\n")
    for r in rows:
        f.write(",".join(r) + "\n")
print(len(rows), "rows")
