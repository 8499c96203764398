"""Log N staff users in before a load run, one after the other, and write their session cookies to a
file the locust users pick up: the login (Argon2, deliberately slow) is then not part of the measured mix.

    python bench/load/login.py 50 results/sessions.json
"""

from gevent import monkey

monkey.patch_all()  # before requests and ssl are imported (locustfile imports locust, which patches)

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import requests  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from locustfile import ACCOUNTS, CA, HOST, PASSWORD, SourceAddress  # noqa: E402
from webform import csrf_token  # noqa: E402


def main(count, target):
    sessions = []
    for n in range(1, count + 1):
        client = requests.Session()
        client.mount("https://", SourceAddress(f"127.0.1.{n % 250 + 1}"))
        client.verify = CA
        page = client.get(f"{HOST}/comptes/login/", timeout=120, verify=CA)
        account = ACCOUNTS[n % len(ACCOUNTS)]
        data = {"csrfmiddlewaretoken": csrf_token(page.text), "login": account, "password": PASSWORD}
        referer = {"Referer": f"{HOST}/comptes/login/"}
        response = client.post(f"{HOST}/comptes/login/", data, headers=referer, timeout=120, verify=CA)
        if "/comptes/login/" in response.url:
            sys.exit(f"login {n} refused")
        sessions.append(dict(client.cookies.items()))
    Path(target).write_text(json.dumps(sessions), encoding="utf-8")
    os.chmod(target, 0o600)
    print(f"{len(sessions)} sessions → {target}")


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
