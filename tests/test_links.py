"""Links: what is one and what is not, each condition of the `link` kind, hosts and the
offline Public Suffix List."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bsm_lint import LintConfig, Linter, Message, load_pack
from bsm_lint.checks.link import find_links
from bsm_lint.errors import PackError
from bsm_lint.hosts import (
    HostPattern,
    decode_idn,
    is_public_domain,
    mixed_script,
    real_host,
    registrable_domain,
    skeleton,
)
from conftest import NO_NETWORK_PRELUDE, PACK_HEADER, rule_toml

LINTER = Linter()


def urls(text: str) -> list[str]:
    return [link.url for link in find_links(text)]


def found(code: str, body: str, *, linter: Linter = LINTER, fmt: str = "text") -> list[str]:
    msg = Message(body=body, format=fmt)  # type: ignore[arg-type]
    return [v.match for v in linter.lint(msg, only=code).violations]


# -- finding links ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Track at https://www.ups.com/track?id=1Z9.", ["https://www.ups.com/track?id=1Z9"]),
        ("Old: HTTP://WWW.EXAMPLE.COM/GUIDE.PDF", ["HTTP://WWW.EXAMPLE.COM/GUIDE.PDF"]),
        ("ftp://files.example.com/a.pdf", ["ftp://files.example.com/a.pdf"]),
        ("See www.pixel-shop.de, thanks", ["www.pixel-shop.de"]),
        ("Guide: shop-name.com/path/to?x=1.", ["shop-name.com/path/to?x=1"]),
        ("Our site petstore.co.uk.", ["petstore.co.uk"]),
        ("Visit Amazon.co.jp today", ["Amazon.co.jp"]),
        ("詳しくはamazon.co.jp/gp/helpをご覧ください", ["amazon.co.jp/gp/help"]),
        ("(see http://a.com/x_(y)).", ["http://a.com/x_(y)"]),
        ("[docs](https://example.com/docs)", ["https://example.com/docs"]),
        ("https://user:pw@evil.example.net:8080/x", ["https://user:pw@evil.example.net:8080/x"]),
        ("bit.ly/3AbC and t.co/x and wa.me/4917", ["bit.ly/3AbC", "t.co/x", "wa.me/4917"]),
        ("Host xn--bcher-kva.de/x", ["xn--bcher-kva.de/x"]),
        ('<a href="https://shop.example.com/a">x</a>', ["https://shop.example.com/a"]),
        ('<img src="//cdn.example.com/logo.png">', ["//cdn.example.com/logo.png"]),
        ("shop.com:8080/admin", ["shop.com:8080/admin"]),
        ("see.https://x.example.com and URL-http://y.example.com", None),
    ],
)
def test_links_are_found(text: str, expected: list[str] | None) -> None:
    if expected is None:  # a scheme glued to the word before it
        expected = ["https://x.example.com", "http://y.example.com"]
    assert urls(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # file names, including extensions that are also public suffixes
        "Please open manual.pdf, invoice_1234.pdf and setup.exe.",
        "Unzip drivers.zip, read readme.md, run install.sh or setup.py.",
        "The clip is intro.mov; the book is guide.mobi.",
        # software names and versions
        "The app is built on node.js and vue.js, version 1.2.3 (v2.0.1-beta).",
        # email addresses: the email rule's, never a link
        "Write to jane@shop.com or jane.doe@my-shop.co.uk.",
        "jane [at] shop.com, jane(at)shop.co.uk, jane {at} web.de",
        "patricia.green [at] web [dot] de and kenji.hughes AT yahoo DOT com",
        "Mail jane at gmail.com please.",
        # sentences joined without a space
        "It arrived today.It was well packed.Thanks again.",
        "See the order.Please reply.",
        # abbreviations, decimals, prices, dimensions, times
        "e.g. i.e. U.S. z.B. a.m. p.m. Ph.D. etc.",
        "It weighs 3.5 kg, costs $12.99 and measures 30.3 x 20.3 cm; at 5.30pm.",
        "Order 123-4567890-1234567 ships 02.03.2025.",
        # not a link scheme
        "mailto:jane@shop.com tel:+491701234567 javascript:void(0)",
        "www.shop without a domain",
        # placeholders
        "Visit {{store_url}} or [[website-url]]",
    ],
)
def test_not_links(text: str) -> None:
    from bsm_lint.templates import find_placeholders, mask

    assert urls(mask(text, find_placeholders(text))) == []


def test_link_parts() -> None:
    (link,) = find_links('x <a href="https://user@www.Shop.example.com:8443/a/b?c=d#e">y</a>')
    assert (link.scheme, link.host, link.path, link.form, link.attr) == (
        "https",
        "www.shop.example.com",
        "/a/b?c=d#e",
        "scheme",
        "href",
    )
    (bare,) = find_links("Guide: Shop-Name.co.uk/Care?x=1")
    assert (bare.scheme, bare.host, bare.path, bare.form) == (
        "",
        "shop-name.co.uk",
        "/Care?x=1",
        "bare",
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "see ",
                "http://",
                "https://",
                "www.",
                "shop",
                ".com",
                ".co.uk",
                "/path",
                "?q=1",
                "@",
                "[at]",
                " ",
                ".",
                "..",
                "Ab",
                "1.2",
                "node.js",
                "ｈｔｔｐ",
                "、",
                "。",
                '"',
                "href=",
                "<a ",
                ">",
                "(",
                ")",
                "-",
                "xn--",
                "ü",
                "\u0430",
                "%E9",
                ":8080",
            ]
        ),
        max_size=25,
    ).map("".join)
)
def test_found_links_are_ordered_exact_slices(text: str) -> None:
    last = 0
    for link in find_links(text):
        assert last <= link.start < link.end <= len(text)
        assert text[link.start : link.end] == link.url
        assert link.start <= link.host_start <= link.host_end <= link.end
        last = link.end


# -- offsets through disguises ---------------------------------------------------------------


def test_fullwidth_url_maps_to_original_offsets() -> None:
    url = "ｈｔｔｐ：／／ｓｈｏｐ．ｅｘａｍｐｌｅ．ｃｏｍ／ｘ"
    body = f"Hi!\u200b See {url} now"
    vs = LINTER.lint(Message(body=body), only="BSM201").violations
    assert len(vs) == 1
    assert body[vs[0].start : vs[0].end] == url == vs[0].match
    assert "shop.example.com" in vs[0].message


def test_zero_width_broken_url_maps_to_original_offsets() -> None:
    url = "shop\u200b-example\u200c.\u200dcom/warr\u2060anty"
    body = f"Register at {url} please."
    vs = LINTER.lint(Message(body=body), only="BSM204").violations
    assert len(vs) == 1
    assert body[vs[0].start : vs[0].end] == url
    assert "shop-example.com" in vs[0].message


# -- conditions --------------------------------------------------------------------------------


def test_insecure_counts_images_and_ignores_https() -> None:
    assert found("BSM201", '<img src="http://cdn.shop.com/a.png">', fmt="html") == [
        "http://cdn.shop.com/a.png"
    ]
    assert found("BSM201", "https://shop.com and www.shop.com and shop.com") == []


@pytest.mark.parametrize(
    "body",
    [
        "Track: https://www.ups.com/track?tracknum=1Z999AA10123456784",
        "Track: https://www.fedex.com/fedextrack/?trknbr=1",
        "Suivi : www.colissimo.fr/portail_colissimo/suivre.do?colispart=1",
        "Tracking: https://www.dhl.co.uk/en/express/tracking.html",
        "追跡：https://trackings.post.japanpost.jp/services/srv/search/",
        "Tracking: https://www.evri.com/track/parcel/H123",
        "Your order: https://www.amazon.com/gp/your-account/order-details?orderID=1",
        "Review: https://www.amazon.de/review/create-review?asin=B00EXAMPLE",
        "Thanks for shopping on Amazon.com.",
        "Amazon Logistics: https://track.amazon.com/tracking/TBA301234567890",
        '<img src="cid:logo.png">',
    ],
)
def test_unnecessary_passes_carriers_and_amazon_order_pages(body: str) -> None:
    fmt = "html" if body.startswith("<") else "text"
    assert found("BSM204", body, fmt=fmt) == []
    assert found("BSM205", body, fmt=fmt) == []


def test_unnecessary_flags_other_hosts_and_look_alikes() -> None:
    assert found("BSM204", "Guide: https://www.acme-tools.com/guide") == [
        "https://www.acme-tools.com/guide"
    ]
    # ups.com as a subdomain of someone else's domain is not ups.com
    assert found("BSM204", "https://ups.com.tracking-help.net/1Z") != []
    # a Cyrillic а never earns Amazon's allowance
    assert found("BSM204", "https://\u0430mazon.com/gp/css/order-history") != []
    assert found("BSM205", "Product: https://www.amazon.com/dp/B00EXAMPLE") != []


def test_configured_allowed_link_hosts_pass() -> None:
    body = "Register: https://warranty.example-brand.com/register and https://help.acme.io/x"
    cfg = Linter(config=LintConfig(allowed_link_hosts=("example-brand.com", "help.acme.io")))
    assert found("BSM204", body, linter=cfg) == []
    assert found("BSM204", body) == [
        "https://warranty.example-brand.com/register",
        "https://help.acme.io/x",
    ]
    # a host allowed by config also silences the punycode rule for it
    idn = "Anleitung: https://xn--bcher-kva.de/anleitung"
    assert found("BSM203", idn) != []
    allowed = Linter(config=LintConfig(allowed_link_hosts=("bücher.de",)))
    assert found("BSM203", idn, linter=allowed) != []  # real host is the punycode form
    allowed = Linter(config=LintConfig(allowed_link_hosts=("xn--bcher-kva.de",)))
    assert found("BSM203", idn, linter=allowed) == []
    assert found("BSM204", idn, linter=allowed) == []


def test_storefront_amazon_pages_and_configured_seller_domains() -> None:
    assert found("BSM206", "https://www.amazon.co.uk/Some-Lamp/dp/B0ABCDEFGH/ref=x") != []
    assert found("BSM206", "amazon.com/s?k=camping+lamp") != []
    assert found("BSM206", "https://www.amazon.de/sp?seller=A1B2C3") != []
    assert found("BSM206", "https://www.amazon.com/gp/css/order-history") == []
    assert found("BSM206", "https://www.amazon.com.deals.example/dp/B0ABCDEFGH") == []
    body = "Care tips at https://www.bright-kitchen.com/care and bright-kitchen.com"
    assert found("BSM207", body) == []
    sellers = Linter(config=LintConfig(seller_domains=("bright-kitchen.com",)))
    assert found("BSM207", body, linter=sellers) == [
        "https://www.bright-kitchen.com/care",
        "bright-kitchen.com",
    ]
    # without config: shop paths, and the words that announce the seller's own shop
    assert found("BSM207", "https://brand.example/collections/all") != []
    assert found("BSM207", "More of our products: brand-shop.example.com") != []
    assert found("BSM207", "Our products are tested. Guide: brand-shop.example.com") == []
    both = Linter(
        config=LintConfig(
            seller_domains=("bright-kitchen.com",),
            allowed_link_hosts=("warranty.bright-kitchen.com",),
        )
    )
    assert found("BSM207", "https://warranty.bright-kitchen.com/reg", linter=both) == []


def test_overlaps_each_category_reports_the_same_link() -> None:
    body = "See http://www.amazon.com/dp/B00EXAMPLE1"
    got = {(v.rule_id, v.category) for v in LINTER.lint(Message(body=body)).violations}
    assert {("BSM201", "link-insecure"), ("BSM206", "link-storefront")} <= got
    # a storefront link is not also reported as unnecessary: BSM204/BSM205 yield on overlap
    assert not any(c == "link-unnecessary" for _, c in got)
    cats = {v.category for v in LINTER.lint(Message(body="Manual: bit.ly/3AbC")).violations}
    assert {"link-shortener", "link-unnecessary"} <= cats
    # an image is loaded by the buyer's mail client: insecure and unnecessary, not storefront
    img = '<img src="http://cdn.shop.example/products/lamp.png">'
    vs = LINTER.lint(Message(body=img, format="html")).violations
    assert {v.category for v in vs if v.category.startswith("link-")} == {
        "link-insecure",
        "link-unnecessary",
    }


@pytest.mark.parametrize(
    "body",
    [
        "bit.ly/3AbCdEf",
        "https://tinyurl.com/abc",
        "amzn.to/3XyZ",
        "https://a.co/d/abc",
        "https://www.google.co.uk/url?q=https://x.example&sa=D",
        "https://l.facebook.com/l.php?u=https%3A%2F%2Fx.example",
        "ｂｉｔ．ｌｙ／ａｂｃ",
    ],
)
def test_shorteners_and_redirectors(body: str) -> None:
    assert found("BSM208", body) != []


def test_shortener_hard_negatives() -> None:
    assert found("BSM208", "https://www.google.com/maps/place/x") == []
    assert found("BSM208", "example.com/bit.ly/x") == []
    assert found("BSM208", "It's a bit. Lying down helps.") == []


@pytest.mark.parametrize(
    ("body", "fmt"),
    [
        ("Unsubscribe: https://shop.example.com/u/1", "text"),
        ("https://shop.example.com/email/opt_out?id=1", "text"),
        ("https://shop.example.com/newsletter/abmelden", "text"),
        ("Pour vous désinscrire, https://boutique.example.fr/x", "text"),
        ("https://tienda.example.es/darse-de-baja", "text"),
        ("https://shop.example.jp/%E9%85%8D%E4%BF%A1%E5%81%9C%E6%AD%A2?id=1", "text"),
        ('<a href="https://shop.example.com/p?id=1">Click to unsubscribe</a>', "html"),
        ('<a href="https://shop.example.jp/p">配信停止はこちら</a>', "html"),
    ],
)
def test_optout_links(body: str, fmt: str) -> None:
    assert found("BSM209", body, fmt=fmt) != []


def test_optout_window_stops_at_sentence_and_previous_link() -> None:
    assert found("BSM209", "We never unsubscribe anyone. Track: https://www.ups.com/t") == []
    body = "Unsubscribe: https://shop.example.com/u/1 Track: https://www.ups.com/t"
    assert found("BSM209", body) == ["https://shop.example.com/u/1"]
    assert found("BSM209", "You can opt out in your Amazon account.") == []


def test_social_profiles_not_videos() -> None:
    assert found("BSM210", "instagram.com/brightkitchen") != []
    assert found("BSM210", "https://www.youtube.com/@brightkitchen") != []
    assert found("BSM210", "https://www.youtube.com/watch?v=abc") == []
    assert found("BSM210", "https://chat.whatsapp.com/AbCdEf") != []
    assert found("BSM210", "https://discord.com/invite/abc") != []
    assert found("BSM210", "https://discord.com/blog/x") == []
    # social data is redacted in the message, like every contact finding
    (v,) = LINTER.lint(Message(body="wa.me/491701234567"), only="BSM210").violations
    assert "491701234567" not in v.message


def test_idn_and_lookalike_hosts() -> None:
    assert found("BSM203", "https://xn--bcher-kva.de/x") != []
    (v,) = LINTER.lint(Message(body="https://xn--bcher-kva.de/x"), only="BSM203").violations
    assert "bücher.de" in v.message
    assert found("BSM203", "https://www.buecher.de/x") == []
    assert found("BSM202", "https://\u0430mazon.com/x") != []  # Cyrillic а
    assert found("BSM202", "https://xn--mazon-3ve.com/x") != []  # the same, as punycode
    assert found("BSM202", "paypa1.com/login") != []
    assert found("BSM202", "https://www.arnazon.de/gp/css/order-history") != []
    assert found("BSM202", "https://sh\u043ep-example.com/x") != []  # mixes Latin, Cyrillic
    assert found("BSM202", "https://www.amazon.com/x and https://www.bücher.de/y") == []
    assert found("BSM202", "Amazon.com and AMAZON.CO.UK") == []


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("Our site is wildroot dot shop", "wildroot.shop"),
        ("Manual: voltline[.]io/manual", "voltline.io"),
        ("Fix: tinyurl (dot) com/fix", "tinyurl.com"),
        ("Manual at www . voltline . io", "www.voltline.io"),
        ("our shop: wildroot。shop", "wildroot.shop"),
        ("Mehr auf holzwerk-shop punkt de", "holzwerk-shop.de"),
        ("Más en casaverde punto es", "casaverde.es"),
        ("Notre site : atelier-lumiere point fr.", "atelier-lumiere.fr"),
        ("詳しくは hinoki-shop ドット jp をご覧ください。", "hinoki-shop.jp"),
        ("Short: hxxps://bit.ly/3xY", "bit.ly"),
        ("Manual: https ://voltline.io/manual", "voltline.io"),
    ],
)
def test_disguised_links(text: str, host: str) -> None:
    assert [link.host for link in find_links(text)] == [host]


@pytest.mark.parametrize(
    "text",
    [
        "le point de vue est clair",
        "Este punto es importante.",
        "It is done . de facto",
        "jane dot doe at gmail dot com",
        "jane at shop dot com",
        "Write to jane [at] shop [dot] com",
        "Fragen bitte an info ät holzwerk-shop.de",
        "Écrivez-moi : contact@atelier-\nlumiere.fr",
        "写真はinfo(あっと)hinoki-shop.jpへ",
        "http://-example.com and _http://example.com",
    ],
)
def test_disguise_look_alikes_that_are_not_links(text: str) -> None:
    assert find_links(text) == []


def test_disguised_link_hosts_reach_the_conditions() -> None:
    assert found("BSM208", "Video: bit dot ly slash 3xYtR9p") != []
    sellers = Linter(config=LintConfig(seller_domains=("wildroot.shop",)))
    assert found("BSM207", "More on our site: wildroot (dot) shop", linter=sellers) != []
    assert found("BSM204", "Tracking: www . ups . com") == []


def test_placeholders_that_render_product_links() -> None:
    assert found("BSM206", "Thanks for your order of [[product-link]]!") == ["[[product-link]]"]
    assert found("BSM206", "Order: {{order_link}}, item {{product_name}}") == []


def test_masked_placeholder_hosts() -> None:
    body = "Track: http://{{carrier_host}}/t/{{tracking_id}}"
    assert found("BSM201", body) != []  # still plain http
    assert found("BSM204", body) == []  # the host is unknown: no judgement


# -- options -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ('condition = "social"\nwords = ["x"]', "words"),
        ('condition = "optout"', "needs `words`"),
        ('condition = "insecure"\ndestinations = ["a.com"]', "destinations"),
        ('condition = "shortener"\ndestinations = ["a.com/x"]', "not a host pattern"),
        ('condition = "shortener"\ndestinations = ["am*zon.com"]', "`*` only"),
        ('condition = "social"\ndestinations = [{ host = "a.com", path = "(a+)+" }]', "nested"),
        ('condition = "teleport"', "condition"),
        ('condition = "storefront"\ndestinations = ["*"]', "needs a `path`"),
        ('condition = "unnecessary"\ncontext = ["our"]', "context"),
        ('condition = "social"\nplaceholders = ["x"]', "placeholders"),
    ],
)
def test_bad_options_are_pack_errors(make_pack, options: str, problem: str) -> None:
    folder = make_pack(
        {
            "pack.toml": PACK_HEADER + 'rules = ["r.toml"]\n',
            "r.toml": rule_toml("TST201", "link", options),
        }
    )
    with pytest.raises(PackError) as err:
        Linter(load_pack(folder))
    assert problem in str(err.value)


def test_custom_destinations_and_scope(make_pack) -> None:
    options = (
        'condition = "unnecessary"\nscope = ["*.example.com"]\n'
        'destinations = [{ host = "example.com", path = "^/ok/" }]'
    )
    folder = make_pack(
        {
            "pack.toml": PACK_HEADER + 'rules = ["r.toml"]\n',
            "r.toml": rule_toml("TST201", "link", options),
        }
    )
    lin = Linter(load_pack(folder))
    body = "https://a.example.com/ok/1 https://a.example.com/no https://example.com/no x.org/no"
    assert [v.match for v in lin.lint(Message(body=body)).violations] == [
        "https://a.example.com/no"
    ]


# -- hosts and the Public Suffix List ---------------------------------------------------------


def test_host_patterns() -> None:
    amazon = HostPattern.parse("amazon.*")
    assert amazon.matches("amazon.co.uk")
    assert amazon.matches("www.amazon.de")
    assert amazon.matches("smile.amazon.com")
    assert not amazon.matches("amazon.example.com")
    assert not amazon.matches("amazon.com.example.net")
    ups = HostPattern.parse("UPS.com")
    assert ups.matches("ups.com")
    assert ups.matches("wwwapps.ups.com")
    assert not ups.matches("myups.com")
    assert not ups.matches("ups.com.evil.net")
    shops = HostPattern.parse("*.myshopify.com")
    assert shops.matches("x.myshopify.com")
    assert not shops.matches("myshopify.com")
    assert (amazon.token, ups.token, shops.token) == ("amazon", "ups", "myshopify")
    assert HostPattern.parse("canadapost-postescanada.ca").token == "postescanada"
    for bad in ("", "a.com/x", "a b.com", "am*zon.com"):
        with pytest.raises(ValueError, match=r"host pattern|\*"):
            HostPattern.parse(bad)


def test_public_suffix_helpers() -> None:
    assert is_public_domain("shop.co.uk")
    assert not is_public_domain("co.uk")
    assert not is_public_domain("manual.pdf")
    assert not is_public_domain("node.js")
    assert registrable_domain("a.b.shop.co.jp") == "shop.co.jp"
    assert decode_idn("xn--bcher-kva.de") == "bücher.de"
    assert decode_idn("xn--zz.de") == "xn--zz.de"  # not valid punycode: left as is


def test_real_host_keeps_lookalikes_but_not_fullwidth() -> None:
    assert real_host("ＳＨＯＰ．ｃｏｍ") == "shop.com"
    assert real_host("sh\u200bop.com") == "shop.com"
    assert real_host("\u0430mazon.com") == "\u0430mazon.com"
    assert skeleton("\u0430maz0n") == skeleton("amazon") == "amazon"
    assert mixed_script("sh\u043ep") == "Latin and Cyrillic"
    assert mixed_script("bücher") is None


_PSL_SCRIPT = NO_NETWORK_PRELUDE + textwrap.dedent(
    """
    import os, sys

    import bsm_lint
    from bsm_lint import hosts

    linter = bsm_lint.Linter()
    # No bare-domain candidate: the suffix list is neither imported nor built.
    r = linter.lint(bsm_lint.Message(body="Hi, see https://www.ups.com/track. Thanks!"))
    assert not hosts.psl_loaded() and "tldextract" not in sys.modules, "PSL loaded too early"
    r = linter.lint(bsm_lint.Message(body="Guide at petstore.co.uk/care, file manual.pdf"))
    assert hosts.psl_loaded()
    assert [v.match for v in r.violations if v.rule_id == "BSM204"] == ["petstore.co.uk/care"]
    assert hosts.split_host("a.b.example.co.uk") == ("a.b", "example", "co.uk")
    assert hosts.is_public_domain("shop.online") and not hosts.is_public_domain("x.notatld")
    print("psl offline ok")
    """
)


def test_public_suffix_list_is_offline_lazy_and_writes_no_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    home = tmp_path / "home"
    cache.mkdir()
    home.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CACHE_HOME": str(cache),
        "TLDEXTRACT_CACHE": str(cache / "tld"),
        # Ignored: the explicit `suffix_list_urls=()` wins over the environment.
        "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "https://publicsuffix.invalid/list.dat",
    }
    proc = subprocess.run(
        [sys.executable, "-c", _PSL_SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert "psl offline ok" in proc.stdout
    assert "Public Suffix" not in proc.stderr  # no fetch attempt was even logged
    assert list(cache.rglob("*")) == []
    assert list(home.rglob("*")) == []


# -- scheme and address disguises, prose `//host`, ports -------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Manual: h t t p : / / kettle-parts.io/guide", [("kettle-parts.io/guide", "http")]),
        ("Manual: H T T P S : / / www.kettle-parts.io", [("www.kettle-parts.io", "https")]),
        ("Old notes //kettle-parts.co.uk/faq here", [("//kettle-parts.co.uk/faq", "")]),
        ("http://✪df.ws/123 and http://ドメイン", [("http://✪df.ws/123", "http")]),
        ("see kettle-parts.com:8080 now", [("kettle-parts.com", "")]),
    ],
)
def test_disguised_schemes_and_prose_relative_links(
    text: str, expected: list[tuple[str, str]]
) -> None:
    links = find_links(text)
    assert len(links) == len(expected)
    for link, (url, scheme) in zip(links, expected, strict=True):
        assert link.url.endswith(url)
        assert link.scheme == scheme


@pytest.mark.parametrize(
    "text",
    [
        "google.com:500000 is not a port",
        "and/or //comment here",
        "Or email jane at wildroot.shop, whichever you prefer.",
        "Type jane, then the at sign, then wildroot dot shop.",
        "E-Mail: info bei holzwerk-shop punkt de",
        "Schreiben Sie an info bei holzwerk-shop.de",
    ],
)
def test_spelled_addresses_and_bad_ports_are_not_links(text: str) -> None:
    assert urls(text) == []


def test_spelled_at_words_need_an_email_cue() -> None:
    assert urls("Bestellen Sie bei holzwerk-shop punkt de") == ["holzwerk-shop punkt de"]
    assert urls("Find it at wildroot.shop today") == ["wildroot.shop"]


def test_insecure_rule_sees_spaced_and_spaced_colon_schemes() -> None:
    """The prefilter keys on `//` and `/ /`, so `HTTP ://` and `h t t p : / /` are judged."""
    assert found("BSM201", "Guide: HTTP ://kettle-parts.io/x")
    assert found("BSM201", "Guide: h t t p : / / kettle-parts.io/x")
    assert not found("BSM201", "Guide: https://kettle-parts.io/x")


def _link_cats(text: str) -> list[tuple[str, str]]:
    return [(v.category, v.rule_id) for v in LINTER.lint(Message(body=text)).violations]


@pytest.mark.parametrize(
    "text",
    [
        "For more of our products, visit thornfield-example.com.",
        "Spare parts: https://greyfinch-example.com/item/blade-22",
        "Die Anleitung gibt es auf unserer Homepage: https://linden-beispiel.de/anleitung",
        "公式サイト：https://kaede-example.jp",
    ],
)
def test_the_sellers_own_site_is_a_storefront_link_only(text: str) -> None:
    cats = {c for c, _ in _link_cats(text)}
    assert "link-storefront" in cats
    assert "link-unnecessary" not in cats


@pytest.mark.parametrize(
    "text",
    [
        "Our store ships with DHL: https://www.dhl.de/verfolgen?piececode=123",
        "Il nostro negozio spedisce con Poste: https://www.poste.it/cerca/index.html#/r/1",
        "当店の商品は https://www.amazon.co.jp/gp/css/order-history から確認できます。",
    ],
)
def test_our_store_wording_does_not_make_a_necessary_link_a_shop(text: str) -> None:
    assert _link_cats(text) == []


def test_the_manufacturers_site_stays_unnecessary() -> None:
    cats = _link_cats("The manual is on the manufacturer's site: https://brand-example.com/m.pdf")
    assert cats == [("link-unnecessary", "BSM204")]


@pytest.mark.parametrize(
    "text", ["Reach me: anna&#64;oakline-example.de", "Write to tom&#x40;greenmarsh.co.uk now."]
)
def test_the_domain_of_an_email_address_is_no_link_finding(text: str) -> None:
    cats = {c for c, _ in _link_cats(text)}
    assert "contact-email" in cats
    assert not any(c.startswith("link-") for c in cats)


def test_a_link_beside_an_email_address_is_still_reported() -> None:
    cats = _link_cats("Mail anna&#64;oakline-example.de or see https://manual-example.com/x")
    assert ("link-unnecessary", "BSM204") in cats


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Please look at the sticker on the back dot by dot.", []),
        ("Connect the wires dot to dot, then close the lid.", []),
        ("Visit wildroot-example dot it.", ["wildroot-example dot it"]),
        ("Our site is wildroot dot shop", ["wildroot dot shop"]),
    ],
)
def test_a_spelled_dot_needs_a_plausible_suffix(text: str, expected: list[str]) -> None:
    assert [link.url for link in find_links(text)] == expected


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("To stop these messages, reply STOP.", True),
        ("Si no desea recibir más mensajes, responda BAJA.", True),
        ("今後は「停止」と返信してください。", True),
        ("Stop by our booth at the fair.", False),
        ("Press STOP on the remote.", False),
    ],
)
def test_optout_wording_without_a_link(text: str, fires: bool) -> None:
    assert (("link-optout", "BSM211") in _link_cats(text)) is fires


def test_a_link_that_runs_into_an_address_is_kept() -> None:
    body = "[site](https://www.example-brand.com)[mail](mailto:someone@example-brand.com)"
    assert any(c == "link-unnecessary" for c, _ in _link_cats(body))


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("Manual at 203.0.113.7/manual today", "203.0.113.7/manual"),
        ("Admin: 10.0.0.1:8080/admin", "10.0.0.1:8080/admin"),
        ("See 𠮷野家.com for the menu", "𠮷野家.com"),
        ("Shop: ➡.ws/abc", "➡.ws/abc"),
        ("詳しくは 例え.jp/guide をご覧ください", "例え.jp/guide"),
    ],
)
def test_ip_hosts_with_a_path_and_hosts_in_other_scripts(text: str, url: str) -> None:
    """Hosts the plain scan does not read, each found from its own token start."""
    assert urls(text) == [url]


@pytest.mark.parametrize(
    "text",
    [
        "Firmware 1.2.3.4 is out.",
        "The subnet 10.0.0.0/24 is the default.",
        "Price 3.99/piece, 12.5.2024",
        "Version 300.1.1.1/abc is not an address",
        "ご購入ありがとうございます.Amazonからのお知らせ",
        "取扱説明書.pdfを添付しました",
        "メールは info@例え.jp まで",
    ],
)
def test_numbers_and_japanese_prose_are_not_extra_links(text: str) -> None:
    assert urls(text) == []
