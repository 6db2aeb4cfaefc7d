"""The web interface in headless Chromium, driven by Selenium: see scripts/ui-test.sh.

Environment: HALLBAR_URL (a running server), HALLBAR_TOKEN (an analytiker's token),
HALLBAR_READER (a läsare's token). `--measure` also times keystroke → findings.
"""

import json
import os
import statistics
import sys
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

from PIL import Image
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE = os.environ["HALLBAR_URL"]
TOKEN = os.environ["HALLBAR_TOKEN"]
READER = os.environ["HALLBAR_READER"]
ROOT = Path(__file__).resolve().parent.parent
SHOTS = Path(os.environ.get("HALLBAR_TARGET_DIR", ROOT / "target")) / "ui-shots"


def call(method, path, body=None, token=TOKEN, headers=None):
    """The API with a bearer token: (status, JSON or text)."""
    # TOML dates (datetime.date) are written as the ISO dates the format uses.
    data = None if body is None else json.dumps(body, default=str).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    if body is not None:
        req.add_header("Content-Type", "application/json")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            text = r.read().decode()
            return r.status, json.loads(text) if "json" in r.headers.get("Content-Type", "") else text
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def wait_for_server():
    for _ in range(200):
        try:
            if call("GET", "/health", token=None)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.05)
    sys.exit("ui-test: the server did not start")


class Browser:
    def __init__(self):
        options = Options()
        for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,800", "--lang=sv-SE"]:
            options.add_argument(arg)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.driver.set_window_size(1280, 800)
        self.wait = WebDriverWait(self.driver, 15)
        self.shots = []

    def go(self, fragment):
        self.driver.get(BASE + "/" + fragment)

    def css(self, selector):
        return self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, selector)))

    def visible(self, selector):
        return self.wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, selector)))

    def button(self, text):
        xpath = f"//button[normalize-space()='{text}'] | //a[normalize-space()='{text}']"
        return self.wait.until(EC.element_to_be_clickable((By.XPATH, xpath)))

    def text_in(self, selector, text):
        self.wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, selector), text))

    def shot(self, name):
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{len(self.shots) + 1:02d}-{name}.png"
        self.driver.save_screenshot(str(path))
        self.shots.append(path)

    def console_errors(self):
        # Answers the interface expects and handles: not signed in yet, a document that
        # does not validate while it is typed, a version someone else saved first.
        expected = ["/v1/session - Failed to load resource: the server responded with a status of 401",
                    "/v1/assess?figures=true&lang=sv - Failed to load resource: the server responded with a status of 422",
                    "/v1/assessments/ui-besoksnaring - Failed to load resource: the server responded with a status of 412"]
        return [e for e in self.driver.get_log("browser")
                if e["level"] == "SEVERE" and not any(x in e["message"] for x in expected)]

    def type_into(self, selector, text):
        el = self.visible(selector)
        el.clear()
        el.send_keys(text)
        return el


def text_of(driver, selector):
    """The text of the element `selector`, or "" while it is being replaced."""
    try:
        return driver.find_element(By.CSS_SELECTOR, selector).text
    except (NoSuchElementException, StaleElementReferenceException):
        return ""


def non_blank(path):
    """A screenshot with more than a few colours and no colour on 99 % of it."""
    img = Image.open(path).convert("RGB")
    colours = img.getcolors(maxcolors=1 << 20) or []
    most = max(count for count, _ in colours) if colours else 0
    return len(colours) > 16 and most < 0.99 * img.width * img.height


def check(condition, message):
    if not condition:
        raise AssertionError(message)
    print(f"  ok  {message}")


def sign_in(b, token):
    b.go("")
    b.type_into("#token", token)
    b.button("Logga in").click()
    b.text_in("#top", "Logga ut")


def flow(b):
    print("sign-in")
    b.go("")
    b.visible("#token")
    b.shot("sign-in")
    sign_in(b, TOKEN)
    b.css("#search")
    b.shot("assessments")
    cookies = {c["name"]: c for c in b.driver.get_cookies()}
    session = cookies.get("hallbar_session")
    check(session and session["httpOnly"] and session.get("sameSite") == "Strict", "the session cookie is HttpOnly and SameSite=Strict")
    storage = b.driver.execute_script("return JSON.stringify(localStorage)")
    check(TOKEN not in storage and TOKEN not in b.driver.current_url, "the token is in neither localStorage nor the URL")

    print("a new assessment from scratch")
    b.button("Ny bedömning").click()
    label = b.css('[data-pointer="/insats/id"] > label').text
    b.wait.until(lambda d: label in text_of(d, ".problems"))
    problem = next(li.text for li in b.driver.find_elements(By.CSS_SELECTOR, ".problems li") if label in li.text)
    check("/insats/id" not in problem, f"a problem names its field by its label, not its pointer: {problem!r}")
    b.shot("problem-by-label")
    b.type_into('[data-pointer="/insats/id"] input', "ui-besoksnaring")
    b.type_into('[data-pointer="/insats/titel"] input', "Besöksnäring i fjällen")
    b.button("Spara").click()
    b.text_in("#version-label", "version 1")
    check(True, "saved as version 1")

    print("effects: positive on 8.2, negative on 13.2")
    for i, (goal, direction, why) in enumerate([
        ("8.2", "positiv", "Fler arbetstillfällen i besöksnäringen."),
        ("13.2", "negativ", "Fler resor med flyg och bil till fjällen."),
    ]):
        b.button("Lägg till: mål").click()
        row = f'[data-pointer="/effekter/{i}"]'
        b.type_into(f'{row} [data-pointer="/effekter/{i}/mal"] input', goal)
        Select(b.css(f'[data-pointer="/effekter/{i}/riktning"] select')).select_by_value(direction)
        b.type_into(f'[data-pointer="/effekter/{i}/motivering"] textarea', why)
    # The findings of the document as it now stands (an earlier state's, with only the
    # first effect, may show for a moment under load).
    conflict = b.wait.until(lambda d: next((
        e for e in d.find_elements(By.CSS_SELECTOR, '.finding[data-kind="malkonflikt"]')
        if e.is_displayed() and "8.2" in e.text and "13" in e.text), False))
    check("8" in conflict.text and "13" in conflict.text, f"a målkonflikt appears: {conflict.text.splitlines()[1]!r}")
    notes = [n.text for n in b.driver.find_elements(By.CSS_SELECTOR, '[data-pointer="/effekter/1"] > .notes .note')]
    check(any(n.startswith("Målkonflikt") for n in notes), f"the conflict is shown beside the effect it names: {notes}")
    b.driver.execute_script("document.querySelector('.panel').scrollTop = 0")
    b.shot("goal-conflict")

    print("the checkpoint after A")
    b.css("#checkpoint-A .record-checkpoint").click()
    Select(b.css('#checkpoint-A [data-pointer$="/beslut"] select')).select_by_value("fortsatt")
    b.type_into('#checkpoint-A [data-pointer$="/motivering"] textarea', "Insatsen bidrar till RUS; fortsätt till steg B.")
    # A date field's typing order follows the browser's locale; the value is set as a
    # picker would set it.
    date = b.css('#checkpoint-A [data-pointer$="/datum"] input')
    b.driver.execute_script("arguments[0].value = '2026-11-26'; arguments[0].dispatchEvent(new Event('input', {bubbles: true}))", date)
    b.driver.execute_script("document.getElementById('checkpoint-A').scrollIntoView()")
    b.shot("checkpoint")

    print("save and reload")
    b.button("Spara").click()
    b.text_in("#version-label", "version 2")
    b.driver.refresh()
    b.text_in("#version-label", "version 2")
    goal = b.css('[data-pointer="/effekter/1/mal"] input').get_attribute("value")
    check(goal == "13.2", "after reloading: version 2, with the effects typed")
    decision = Select(b.css('#checkpoint-A [data-pointer$="/beslut"] select')).first_selected_option.get_attribute("value")
    check(decision == "fortsatt", "the checkpoint decision is kept")
    b.visible('.finding[data-kind="malkonflikt"]')
    b.shot("reloaded")

    print("someone else saves first")
    title = b.type_into('[data-pointer="/insats/titel"] input', "Besöksnäring i fjällen – min ändring")
    status, stored = call("GET", "/v1/assessments/ui-besoksnaring")
    theirs = stored["document"]
    theirs["insats"]["beskrivning"] = "Ändrad av en kollega."
    status, _ = call("PUT", "/v1/assessments/ui-besoksnaring", theirs, headers={"If-Match": '"2"'})
    check(status == 200, "a colleague saves version 3 through the API")
    b.button("Spara").click()
    dialog = b.visible("dialog.conflict")
    rows = dialog.find_elements(By.CSS_SELECTOR, "tbody tr")
    check(any("insats.titel" in r.text and "min ändring" in r.text for r in rows), "the two are shown side by side")
    check(b.css('[data-pointer="/insats/titel"] input').get_attribute("value").endswith("min ändring"), "nothing typed is lost")
    b.shot("conflict")
    b.button("Spara mina ändringar som version 4").click()
    b.text_in("#version-label", "version 4")
    check(True, "saved over the colleague's version as version 4")

    print("decision basis")
    b.go("#/a/ui-besoksnaring/report")
    frame = b.css("iframe.report")
    b.driver.switch_to.frame(frame)
    heading = b.css("h1").text
    b.driver.switch_to.default_content()
    check("Besöksnäring" in heading, f"the decision basis is shown in the page: {heading!r}")
    b.shot("decision-basis")
    status, md = call("GET", "/v1/assessments/ui-besoksnaring/report?format=md")
    check(status == 200 and "Målkonflikt" in md, "the Markdown download has the conflict")

    print("versions")
    b.go("#/a/ui-besoksnaring/versions")
    b.visible("table.diff tbody tr")
    check("insats.titel" in b.css("table.diff").text, "versions 3 and 4 differ in the title")
    selects = b.driver.find_elements(By.CSS_SELECTOR, "form.compare select")
    Select(selects[0]).select_by_value("1")
    Select(selects[1]).select_by_value("2")
    b.button("Jämför").click()
    b.wait.until(lambda d: "effekter[e2]" in text_of(d, "table.diff"))
    check(True, "versions 1 and 2 differ in the effects, each named by its id")
    b.shot("versions")

    print("workshop")
    b.go("#/a/ui-besoksnaring/workshop")
    b.visible(".workshop-question .big")
    first = b.css(".workshop-question .big").text
    b.driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_RIGHT)
    b.wait.until(lambda d: d.find_element(By.CSS_SELECTOR, ".workshop-question .big").text != first)
    check(True, "one question at a time; the arrow key moves to the next")
    b.shot("workshop")

    print("portfolio")
    b.go("#/portfolio")
    b.driver.switch_to.frame(b.css("iframe.report"))
    b.css("h1")
    b.driver.switch_to.default_content()
    b.shot("portfolio")

    print("a referral in the reindeer-husbandry area")
    referral = {
        "format_version": 1,
        "insats": {"id": "ui-remiss-vindpark", "titel": "Remiss: vindpark på Storfjället", "typ": "remiss",
                   "agare": "Region Jämtland Härjedalen", "sektorer": ["energi"],
                   "geografi": {"lan": ["23"], "omraden": ["fjall"]}},
        "effekter": [
            {"id": "e1", "mal": "7.2", "riktning": "positiv", "styrka": 3, "typ": "direkt", "motivering": "Förnybar el.", "sakerhet": "hog"},
            {"id": "e2", "mal": "15.5", "riktning": "negativ", "styrka": 2, "typ": "direkt", "motivering": "Vägar och verk tar betesmark.", "sakerhet": "medel"},
        ],
        "intressenter": [
            {"id": "i1", "namn": "Vindbolaget", "kategori": "foretag", "makt": 2, "intresse": 2, "involverad": True, "hallning": "positiv"},
            {"id": "i2", "namn": "Samebyn", "kategori": "samiska_samhallet", "makt": 2, "intresse": 3, "involverad": False, "hallning": "negativ"},
        ],
    }
    status, body = call("POST", "/v1/assessments", referral)
    check(status == 201, f"a referral stored through the API ({status} {body if status != 201 else ''})")
    b.go("#/a/ui-remiss-vindpark")
    b.text_in("#version-label", "version 1")
    reindeer = Select(b.css('[data-pointer="/insats/geografi/renskotselomrade"] select'))
    check(reindeer.first_selected_option.text == "Okänt", "the reindeer-husbandry area is a control under geography, unknown until chosen")
    reindeer.select_by_value("true")
    sami = b.wait.until(lambda d: next((
        e for e in d.find_elements(By.CSS_SELECTOR, '.finding.sev-allvarlig[data-kind="saknad_intressent"]')
        if e.is_displayed() and "renskötselområdet" in e.text), False))
    check(True, f"within the area, without the Sami village involved: a serious finding ({sami.text.splitlines()[0]!r})")
    b.text_in(".method-status", "allvarligt fynd kvarstår")
    check(True, "and the step that lists the stakeholders is not shown as done while it stands")
    b.driver.execute_script("arguments[0].scrollIntoView()", sami)
    b.shot("reindeer-area")
    power = Select(b.css('[data-pointer="/intressenter/0/makt"] select'))
    check([o.text for o in power.options] == ["1", "2", "3", "4", "5"], "power and interest are chosen 1–5")
    power.select_by_value("5")
    Select(b.css('[data-pointer="/intressenter/0/intresse"] select')).select_by_value("5")
    b.text_in(".save-state", "Osparade ändringar")
    b.css('fieldset[data-pointer="/intressenter/1"] button.danger').click()
    b.wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, 'fieldset[data-pointer="/intressenter/1"]'))
    b.visible("#undo").click()
    name = b.css('[data-pointer="/intressenter/1/namn"] input').get_attribute("value")
    check(name == "Samebyn", f"a removed stakeholder comes back with Ångra ({name!r})")
    focused = b.driver.execute_script("return document.activeElement.closest('[data-pointer]')?.dataset.pointer")
    check(focused == "/intressenter/1/namn", f"focus goes to its first field ({focused})")

    print("leaving with unsaved changes asks first")
    b.button("Beslutsunderlag").click()
    alert = b.wait.until(EC.alert_is_present())
    check("osparade ändringar" in alert.text, f"the page asks before leaving: {alert.text!r}")
    alert.dismiss()
    time.sleep(0.3)
    check(b.driver.current_url.endswith("#/a/ui-remiss-vindpark"), "staying keeps the editor and its address")
    check(b.css('[data-pointer="/intressenter/0/makt"] select').get_attribute("value") == "5", "and what was typed")
    b.button("Spara").click()
    b.text_in("#version-label", "version 2")
    b.button("Beslutsunderlag").click()
    b.css("iframe.report")
    check(not EC.alert_is_present()(b.driver), "after saving, leaving asks nothing")
    status, md = call("GET", "/v1/assessments/ui-remiss-vindpark/report?format=md")
    developer = next((line for line in md.splitlines() if "Vindbolaget" in line), "")
    check("Hantera nära" in developer, f"power and interest 5 move the developer to Hantera nära: {developer.strip()!r}")
    b.shot("referral-decision-basis")

    print("a document whose texts hold HTML and script")
    hostile = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>"
    doc = {
        "format_version": 1,
        "metod": "kronoberg",
        "insats": {"id": "xss-prov", "titel": hostile, "typ": "projekt", "agare": hostile},
        "effekter": [{"id": "e1", "mal": "8", "riktning": "positiv", "styrka": 2, "typ": "direkt", "motivering": hostile, "sakerhet": "medel"}],
        "intressenter": [{"id": "i1", "namn": hostile, "kategori": "foretag", "makt": 3, "intresse": 3, "involverad": True, "hallning": "positiv"}],
    }
    status, body = call("POST", "/v1/assessments", doc)
    check(status == 201, f"stored through the API ({status} {body if status != 201 else ''})")
    for page in ["#/", "#/a/xss-prov", "#/a/xss-prov/report", "#/a/xss-prov/workshop"]:
        b.go(page)
        time.sleep(0.8)
        pwned = b.driver.execute_script("return window.__pwned")
        injected = b.driver.execute_script("return document.querySelectorAll('img[src=x], main script').length")
        check(pwned is None and injected == 0, f"{page}: nothing in the texts ran or became markup")
    b.go("#/")
    b.text_in("main", "<img src=x")
    b.shot("escaped")

    print("CSRF and the API's headers")
    headers = {"Cookie": f"hallbar_session={session['value']}", "Origin": "http://evil.example"}
    status, _ = call("PUT", "/v1/assessments/xss-prov", doc, token=None, headers=headers)
    check(status == 403, f"a state change from another origin with the session cookie is refused ({status})")
    status, _ = call("PUT", "/v1/assessments/xss-prov", doc, token=None, headers={"Cookie": headers["Cookie"]})
    check(status == 403, f"a state change with the cookie and no Origin is refused ({status})")
    req = urllib.request.urlopen(BASE + "/", timeout=5)
    csp = req.headers.get("Content-Security-Policy", "")
    check("script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0], f"the page's CSP allows no inline script: {csp}")

    print("English, tablet width, keyboard")
    b.go("#/a/ui-besoksnaring")
    b.visible('.finding[data-kind="malkonflikt"]')
    b.button("English").click()
    b.text_in("#top", "Sign out")
    b.visible('.finding[data-kind="malkonflikt"]')
    b.text_in(".findings", "Goal conflict")
    b.shot("english")
    b.button("Svenska").click()
    b.text_in("#top", "Logga ut")
    b.driver.set_window_size(820, 1180)
    b.go("#/a/ui-besoksnaring")
    b.visible('.finding[data-kind="malkonflikt"]')
    width = b.driver.execute_script("return document.documentElement.scrollWidth")
    check(width <= 820, f"no sideways scrolling at tablet width ({width} px)")
    b.shot("tablet")
    b.driver.set_window_size(1280, 800)
    b.go("#/")
    b.css("#search")
    first = b.driver.execute_script(
        "return [...document.querySelectorAll('a[href], button, input, select, textarea')][0].className")
    check(first == "skip", "the skip link comes first in keyboard order")
    b.driver.execute_script("document.querySelector('.skip').focus()")
    outlines = []
    for _ in range(10):
        b.driver.switch_to.active_element.send_keys(Keys.TAB)
        outlines.append(b.driver.execute_script(
            "const e = document.activeElement; return [e.tagName, getComputedStyle(e).outlineStyle]"))
    check(all(style != "none" for _, style in outlines), f"Tab moves through the page with visible focus: {[t for t, _ in outlines]}")
    unlabelled = b.driver.execute_script(
        """return [...document.querySelectorAll('input, select, textarea')]
             .filter(e => e.type !== 'hidden' && !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).length"""
    )
    b.go("#/a/ui-besoksnaring")
    b.visible('.finding[data-kind="malkonflikt"]')
    unlabelled += b.driver.execute_script(
        """return [...document.querySelectorAll('input, select, textarea')]
             .filter(e => e.type !== 'hidden' && !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).length"""
    )
    check(unlabelled == 0, "every control has a label")

    print("a reader sees and cannot change")
    b.button("Logga ut").click()
    sign_in(b, READER)
    b.go("#/a/ui-besoksnaring")
    b.visible('.finding[data-kind="malkonflikt"]')
    check(not b.driver.find_elements(By.ID, "save"), "no Save button for läsare")
    check(b.css('[data-pointer="/insats/titel"] input').get_attribute("disabled") is not None, "the fields are read-only")
    b.shot("reader")


def measure(b):
    """Keystroke → updated findings on the six examples."""
    sign_in(b, TOKEN)
    totals, requests = [], []
    for path in sorted((ROOT / "fixtures" / "insatser").glob("*.toml")):
        doc = tomllib.loads(path.read_text())
        doc["insats"]["id"] = "matt-" + doc["insats"]["id"]
        status, _ = call("POST", "/v1/assessments", doc)
        assert status == 201, (path, status)
        b.go(f"#/a/{doc['insats']['id']}")
        b.css(".findings h2")
        field = b.css('[data-pointer="/effekter/0/motivering"] textarea')
        for _ in range(20):
            before = b.driver.execute_script("return window.hallbarTimings.length")
            field.send_keys("x")
            b.wait.until(lambda d: d.execute_script("return window.hallbarTimings.length") > before)
            last = b.driver.execute_script("return window.hallbarTimings[window.hallbarTimings.length - 1]")
            totals.append(last["total"])
            requests.append(last["request"])
        print(f"  {path.name}: {len(doc.get('effekter', []))} effects")

    def p95(xs):
        return sorted(xs)[max(0, round(0.95 * len(xs)) - 1)]

    print(f"keystroke → findings on the page ({len(totals)} keystrokes, 6 examples; includes the 250 ms pause that waits for typing to stop)")
    print(f"  total:   median {statistics.median(totals):.0f} ms, p95 {p95(totals):.0f} ms")
    print(f"  request: median {statistics.median(requests):.1f} ms, p95 {p95(requests):.1f} ms (POST /v1/assess with figures, until its answer is read)")
    print(f"  total less the pause: median {statistics.median(totals) - 250:.0f} ms, p95 {p95(totals) - 250:.0f} ms")


def main():
    wait_for_server()
    b = Browser()
    try:
        if "--measure" in sys.argv:
            measure(b)
            return
        flow(b)
        errors = b.console_errors()
        check(not errors, f"no console errors or CSP violations {errors}")
    except (AssertionError, TimeoutException) as e:
        b.shot("failure")
        print(f"ui-test FAILED: {type(e).__name__}: {e}", file=sys.stderr)
        print(b.driver.current_url, file=sys.stderr)
        for entry in b.driver.get_log("browser"):
            print("  console:", entry["message"], file=sys.stderr)
        sys.exit(1)
    finally:
        b.driver.quit()
    blank = [p.name for p in b.shots if not non_blank(p)]
    check(not blank, f"{len(b.shots)} screenshots in {SHOTS}, none blank {blank}")
    print("ui-test: passed")


if __name__ == "__main__":
    main()
