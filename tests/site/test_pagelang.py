"""Page language beyond the Markdown: <html lang>, heading anchors, the theme's language."""

from sopdocs.i18n import texts_for
from sopdocs.site.pagelang import has_catalog, localise_headerlinks, set_html_lang, theme_language


def test_html_lang_is_the_page_language():
    page = '<!doctype html>\n<html lang="en" class="no-js">\n<head>'
    assert set_html_lang(page, "zh-Hant") == '<!doctype html>\n<html lang="zh-Hant" class="no-js">\n<head>'


def test_heading_anchor_titles_in_the_page_language():
    page = '<h2 id="x">A<a class="headerlink" href="#x" title="Permanent link">¶</a></h2>'
    assert 'title="永久連結"' in localise_headerlinks(page, texts_for("zh-Hant"), "Permanent link")
    # an anchor title the handbook chose itself (toc: permalink_title) is replaced the same way
    own = page.replace("Permanent link", "Link here")
    assert 'title="永久链接"' in localise_headerlinks(own, texts_for("zh"), "Link here")


def test_theme_language_is_one_the_theme_has(tmp_path):
    languages = tmp_path / "partials" / "languages"
    languages.mkdir(parents=True)
    for name in ("en", "zh", "zh-Hant", "de"):
        (languages / f"{name}.html").write_text("", encoding="utf-8")
    assert theme_language("zh-Hans", [str(tmp_path)]) == "zh"
    assert theme_language("zh-HK", [str(tmp_path)]) == "zh-Hant"
    assert theme_language("de-AT", [str(tmp_path)]) == "de"
    assert theme_language("xx", [str(tmp_path)]) == "en"


def test_has_catalog(tmp_path):
    assert has_catalog("zh-TW", []) and has_catalog("en-GB", [])
    assert not has_catalog("de", [])
    (tmp_path / "de.po").write_text('msgid "owner"\nmsgstr "Verantwortlich"\n', encoding="utf-8")
    assert has_catalog("de", [tmp_path])
