"""Tests of the person-name rules (helpers/annotating/names.py) written for the surviving mutants of the
mutation run of 2026-12-04: what may stand between a title and a name (``skip_descriptors``,
``is_descriptor``) and what a name is (``name_after``), through the public :func:`annotate`."""
from __future__ import annotations

from helpers.annotating import annotate


def _spans(text: str, labels: tuple[str, ...] | None = None) -> list[tuple]:
    """(start, end, label, text) of every span the rules find (of ``labels`` only, if given)."""
    df = annotate(text, recognizer="rules")
    return [(r.start, r.end, r.label, r.text) for r in df.itertuples() if labels is None or r.label in labels]


def _speakers(text: str) -> list[str | None]:
    df = annotate(text, recognizer="rules")
    return df.loc[df["label"] == "QUOTE", "speaker"].tolist()


# -- is_descriptor ----------------------------------------------------------------------------


def test_a_known_person_in_lam_after_a_title_is_the_name_not_part_of_the_title():
    """'Russian foreign minister Lavrov said: "…"': لافروف starts with ل like a genitive of a title
    (لمنطقة) but is a person of the lexicon, so the title names him and the quotation is his."""
    text = 'وقال وزير الخارجية الروسي لافروف: "لا حل عسكريا للأزمة في سوريا".\n'
    assert _spans(text) == [
        (26, 32, "PER", "لافروف"),
        (35, 63, "QUOTE", "لا حل عسكريا للأزمة في سوريا"),
        (58, 63, "LOC", "سوريا"),
    ]
    assert _speakers(text) == ["سيرغي لافروف"]


def test_a_short_genitive_in_lil_is_part_of_the_title():
    """'The president of the Royal Academy of the Spanish language, Darío Villanueva': للغة (four
    letters, ل + اللغة) belongs to the title, so the name after it is found whole."""
    # JA-internationalNews-45-20170124.txt
    text = ("ووصف رئيس الأكاديمية الملكية للغة الإسبانية داريو فيليانويفا هذه الخطوة بالسلبية، "
            "معتبرا إياها تقهقرا كبيرا، حسب تعبيره.")
    assert _spans(text) == [
        (10, 43, "ORG", "الأكاديمية الملكية للغة الإسبانية"),
        (44, 60, "PER", "داريو فيليانويفا"),
    ]


# -- skip_descriptors: at most 8 words, and no name in ال after them ---------------------------


def test_a_title_of_more_than_eight_words_names_nobody():
    """'the former executive vice-president of the Chinese association for science and technology,
    for accepting bribes': after 8 words of title the next word (الرشاوى *the bribes*) is no name."""
    # JA-internationalNews-563-20161011.txt
    text = ("حكمت محكمة محلية في مقاطعة جيانغسو شرقي الصين اليوم الثلاثاء بالسجن المؤبد مدى الحياة على نائب "
            "الرئيس التنفيذي السابق للجمعية الصينية للعلوم والتكنولوجيا لقبوله الرشاوى.")
    assert _spans(text, ("PER",)) == []


def test_the_eight_word_limit_stops_a_title_before_a_verb():
    """'the Tunisian team taking part in the world contest of young inventors in Taiwan, which runs
    from 6 to 11 February': the title الفريق *the team* takes 8 words (التونسي … بتايوان) and no more,
    so neither والتي *which* nor تمتد *runs* is taken for a name."""
    # JA-localNews-1082-20170210.txt (الجاريفي, a typo of the article)
    text = ("نجح الفريق التونسي المشارك في المسابقة العالمية للمخترعين الشبان بتايوان والتي تمتد من 6 إلى 11 "
            "فيفري الجاريفي حجز مكانه بين المشاركين الخمسة الأول في المسابقة.")
    assert _spans(text, ("PER", "LOC", "ORG")) == [(66, 72, "LOC", "تايوان")]


# -- skip_descriptors: the end of the text ------------------------------------------------------


def test_a_title_ending_the_text_with_a_preposition_names_nobody():
    """A text cut after 'the foreign minister presented to his Russian counterpart in' (a teaser cut
    at a fixed length): في is the last word, with nothing after it to skip to."""
    # JA-localNews-558-20170201.txt, cut after في
    text = "من جهة أخرى قدم وزير الخارجية لنظيره الروسي في"
    assert _spans(text) == []


def test_a_title_ending_the_text_with_a_comma_names_nobody():
    """A text cut after 'between the Russian foreign minister,': no apposition follows the comma."""
    # JA-internationalNews-728-20170412.txt, cut after the comma
    text = "أن الجانب الروسي عرض، خلال اللقاء الذي جرى في وقت سابق من اليوم في موسكو بين وزير الخارجية الروسي،"
    assert _spans(text) == [(58, 63, "DATE", "اليوم"), (67, 72, "LOC", "موسكو")]


# -- skip_descriptors: في before a known place or organisation that opens with a stopword -----------


def test_fi_before_a_place_opening_with_umm_is_part_of_the_role():
    """'the UN envoy in Omdurman said: "…"': أم (also a stopword) opens the known place أم درمان, so
    في belongs to the role, which then shares two stems (مبعوث, في) with Volker Perthes' title."""
    text = ("قال المبعوث الخاص للأمم المتحدة في السودان، فولكر بيرتس، إن المفاوضات مستمرة.\n"
            'وقال المبعوث الأممي في أم درمان: "لا حل عسكريا للأزمة".\n')
    assert _spans(text) == [
        (19, 31, "ORG", "لأمم المتحدة"),
        (35, 42, "LOC", "السودان"),
        (44, 55, "PER", "فولكر بيرتس"),
        (101, 109, "LOC", "أم درمان"),
        (112, 131, "QUOTE", "لا حل عسكريا للأزمة"),
    ]
    assert _speakers(text) == ["فولكر بيرتس"]


def test_fi_before_an_organisation_opening_with_atibba_is_part_of_the_role():
    """'the field coordinator in Doctors Without Borders said: "…"': أطباء (also a stopword) opens the
    known organisation, so في belongs to the role, which shares منسق and في with John Smith's title."""
    text = ("قال منسق الطوارئ في اليمن، جون سميث، إن الوضع خطير.\n"
            'وقال المنسق الميداني في أطباء بلا حدود: "المستشفيات تعمل فوق طاقتها".\n')
    assert _spans(text) == [
        (20, 25, "LOC", "اليمن"),
        (27, 35, "PER", "جون سميث"),
        (76, 90, "ORG", "أطباء بلا حدود"),
        (93, 119, "QUOTE", "المستشفيات تعمل فوق طاقتها"),
    ]
    assert _speakers(text) == ["جون سميث"]


# -- a known name behind a proclitic after a title ----------------------------------------------


def test_a_known_person_behind_lam_after_a_title_is_not_the_titles_holder(jawhara):
    """«مستشار لترامب» ('an adviser to Trump'), «المستشار التجاري لترامب» ('Trump's trade adviser'),
    «للرئيس لدونالد ترامب»: the name after ل is the lexicon's, without the ل, and the title is not
    his (it was a PER «لترامب» of the title rule, and «لترامب لصحيفة فايننشال تايمز» in the third)."""
    cases = {"JA-internationalNews-153-20160919": ["لترامب"], "JA-economy-40-20170201": ["لترامب"],
             "JA-internationalNews-262-20170213": ["لدونالد ترامب", "لدونالد ترامب"]}
    for doc, names in cases.items():
        text = jawhara(doc)
        spans = annotate(text, recognizer="rules")
        per = spans[spans.label == "PER"]
        at = -1
        for name in names:
            at = text.index(name, at + 1)
            near = per[(per.start < at + len(name)) & (per.end > at)]
            assert near[["start", "end", "text", "canonical", "source"]].values.tolist() == [
                [at + 1, at + len(name), name[1:], "دونالد ترامب", "manual:people"]], doc
        assert not per.text.str.startswith(("لترامب", "لدونالد")).any(), doc  # (ليو, Lieu, is a name in ل)
