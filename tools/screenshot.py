"""Take a screenshot of a running dashboard in headless Chromium (for looking, not testing).

python tools/screenshot.py http://127.0.0.1:8050/ out.png [--size 1440x1000] [--range 0,400]
    [--click-site dadivank] [--wait 4]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.chromium import CHROMEDRIVER, headless_options


def driver(size: str) -> webdriver.Chrome:
    opts = headless_options(size.replace("x", ","))
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("url")
    p.add_argument("out")
    p.add_argument("--size", default="1440x1000")
    p.add_argument("--end", default="", help="move the end handle to this date (YYYY-MM-DD)")
    p.add_argument("--click-site", default="")
    p.add_argument("--wait", type=float, default=4)
    p.add_argument("--full", action="store_true")
    p.add_argument("--element", default="", help="CSS selector: capture only this element")
    args = p.parse_args()
    d = driver(args.size)
    try:
        d.get(args.url)
        time.sleep(args.wait)
        for _ in range(40):
            if d.find_elements(By.CSS_SELECTOR, "#timeline [role=slider]"):
                break
            time.sleep(0.5)
        if args.end:
            # the client's own date arithmetic (assets/client/10-core.js), on its data
            d.execute_script(
                "const k = window.karabakh;"
                "window.dash_clientside.set_props('timeline',"
                " {value: [0, k.isoToIndex(k.data.origin, arguments[0])]});",
                args.end,
            )
            time.sleep(2)
        if args.click_site:
            d.execute_script(
                """
                const gd = document.querySelector('#map .js-plotly-plot');
                const i = gd.data.findIndex(t => t.name === 'sites');
                const j = gd.data[i].customdata.indexOf('site:' + arguments[0]);
                gd.emit('plotly_click', {points: [{curveNumber: i, pointNumber: j,
                  customdata: gd.data[i].customdata[j]}]});
                """,
                args.click_site,
            )
            time.sleep(1.5)
        if args.full:
            h = d.execute_script("return document.body.scrollHeight")
            d.set_window_size(int(args.size.split("x")[0]), h)
            time.sleep(1)
        if args.element:
            d.find_element(By.CSS_SELECTOR, args.element).screenshot(args.out)
        else:
            d.save_screenshot(args.out)
        logs = [entry for entry in d.get_log("browser")]
        print(json.dumps(logs, indent=1)[:3000])
    finally:
        d.quit()


if __name__ == "__main__":
    main()
