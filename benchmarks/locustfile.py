"""The pages an organisation department uses, for locust (run by benchmarks/load_test.py, `make bench-load`).

Each simulated user logs in as one of the accounts `benchmarks/national.py` created (mostly the province's staff,
some grassroots committees and cell secretaries: PTDV_BENCH_MIX, e.g. "province=6,grassroots=2,cell=2"), then opens
pages with a think time of 1-5 s. Every request is named "<who> <page>", so the figures are per kind of user.
"""

import os
import random
import re

from gevent.lock import Semaphore
from locust import HttpUser, between, task

PROVINCE = os.environ.get("PTDV_BENCH_PROVINCE", "P01").lower()
PASSWORD = os.environ.get("PTDV_BENCH_PASSWORD", "bench-ptdv-2026")
MIX = dict(
    (who, int(weight))
    for who, weight in (
        part.split("=") for part in os.environ.get("PTDV_BENCH_MIX", "province=6,grassroots=2,cell=2").split(",")
    )
)
ACCOUNTS = {"province": f"{PROVINCE}.tochuc", "grassroots": f"{PROVINCE}.coso", "cell": f"{PROVINCE}.chibo"}
YEAR = int(os.environ.get("PTDV_BENCH_YEAR", "2025"))
LOGIN = Semaphore()  # the users log in one at a time: the first of each account logs in, the others wait for it
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class DepartmentUser(HttpUser):
    wait_time = between(1, 5)

    sessions: dict[str, dict] = {}  # one login per account, its cookies shared by the users of that account

    def on_start(self):
        self.who = random.choices(list(MIX), weights=list(MIX.values()))[0]
        with LOGIN:
            if self.who not in self.sessions:
                self._login()
        shared = self.sessions[self.who]
        self.client.cookies.update(shared["cookies"])
        self.dossiers = shared["dossiers"]

    def _login(self):
        # argon2 makes a login cost ~0.1 s of CPU on purpose: 50 of them at once would be the load test's figure,
        # so each account logs in once and its users share the session (GET pages only)
        page = self.client.get("/accounts/login/", name="login")
        token = CSRF.search(page.text).group(1)
        answer = self.client.post(
            "/accounts/login/",
            {"username": ACCOUNTS[self.who], "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/accounts/login/"},
            name="login",
        )
        if "/accounts/login/" in answer.url:
            raise RuntimeError(f"login refused for {ACCOUNTS[self.who]}: was benchmarks/national.py run?")
        listed = self.client.get("/api/v1/dossiers?limit=50", name="setup: dossier ids").json()
        self.sessions[self.who] = {
            "cookies": self.client.cookies.get_dict(),
            "dossiers": [item["id"] for item in listed.get("items", [])],
        }

    def get(self, path: str, page: str):
        with self.client.get(path, name=f"{self.who} {page}", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    @task(3)
    def dashboard(self):
        self.get("/reports/", "dashboard /reports/")

    @task(2)
    def report_page(self):
        self.get(f"/reports/admissions/?period=year&year={YEAR}", "report page (a year)")

    @task(1)
    def report_json(self):
        self.get(f"/reports/admissions/json/?period=year&year={YEAR}", "report JSON (a year)")

    @task(2)
    def roll(self):
        self.get("/members/", "roll /members/")

    @task(2)
    def roll_search(self):
        self.get("/members/?q=nguyen+van", "roll search 'nguyen van'")

    @task(2)
    def work_queue(self):
        self.get("/tasks/", "work queue /tasks/")

    @task(2)
    def person_search(self):
        self.get("/api/v1/persons?q=nguyen+van&limit=50", "API person search 'nguyen van'")

    @task(2)
    def dossier(self):
        if self.dossiers:
            self.get(f"/dossiers/{random.choice(self.dossiers)}/", "dossier page")
