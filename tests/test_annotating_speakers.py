"""Who said it: tests of the speech verbs and speakers of quotations (helpers/annotating/quotes.py),
written for the surviving mutants of the mutation run of 2026-12-04."""
from __future__ import annotations

from helpers.annotating import annotate


def _rows(text: str) -> list[tuple]:
    """The rules' names and quotations (PER, LOC, ORG, QUOTE spans) as (start, end, label, text,
    canonical, speaker), None where empty."""
    df = annotate(text, recognizer="rules")
    df = df[df.label.isin(["PER", "LOC", "ORG", "QUOTE"])]
    return [tuple(None if isinstance(x, float) and x != x else x for x in r)
            for r in df[["start", "end", "label", "text", "canonical", "speaker"]].itertuples(index=False)]


def test_a_speaker_who_tells_a_news_agency_is_still_the_one_quoted():
    """«وأوضح لـ"رويترز" أن …» ('he explained to Reuters that …'): the word after the verb is the
    preposition لـ before an organisation, no subject, so the quotation goes to the last speaker named,
    Trump, not to an unnamed one."""
    # JA-internationalNews-1026-20170601.txt (Jawhara FM), two sentences of its third paragraph (the
    # first cut after the quotation), with لـ"رويترز" put after «وأوضح» (unchanged: below)
    text = ('وقال ترامب في حفل بحديقة الورود في البيت الأبيض "سوف ننسحب". '
            'وأوضح لـ"رويترز" أن الانسحاب الأمريكي "يمثل إعادة تأكيد للسيادة الأمريكية".')
    assert _rows(text) == [
        (5, 10, "PER", "ترامب", "دونالد ترامب", None),
        (35, 47, "ORG", "البيت الأبيض", "البيت الأبيض", None),
        (49, 58, "QUOTE", "سوف ننسحب", None, "دونالد ترامب"),
        (70, 76, "ORG", "رويترز", "رويترز", None),
        (100, 134, "QUOTE", "يمثل إعادة تأكيد للسيادة الأمريكية", None, "دونالد ترامب"),
    ]
    unchanged = text.replace('لـ"رويترز" ', "")
    assert _rows(unchanged) == [
        (5, 10, "PER", "ترامب", "دونالد ترامب", None),
        (35, 47, "ORG", "البيت الأبيض", "البيت الأبيض", None),
        (49, 58, "QUOTE", "سوف ننسحب", None, "دونالد ترامب"),
        (89, 123, "QUOTE", "يمثل إعادة تأكيد للسيادة الأمريكية", None, "دونالد ترامب"),
    ]


def test_a_name_that_ends_its_line_after_a_title_is_the_speaker():
    """«وقال الرئيس ترامب» ('and President Trump said') on a line of its own, without a full stop:
    the name, the line's last word, is the speaker of the quotation that «وأضاف قائلا» ('he added,
    saying') goes on with, not the first president named (Obama)."""
    # JA-internationalNews-1026-20170601.txt (Jawhara FM): «وأعرب أوباما في بيان عن أسفه بشأن قرار
    # ترامب.» with Obama's title added, a line «وقال الرئيس ترامب» and the article's «وأضاف قائلا "…"»
    text = ('وأعرب الرئيس الأمريكي السابق باراك أوباما في بيان عن أسفه بشأن قرار ترامب.\n'
            'وقال الرئيس ترامب\n'
            'وأضاف قائلا "لا نريد أن يهزأ بنا زعماء آخرون ودول أخرى بعد اليوم. ولن يحدث هذا".')
    assert _rows(text) == [
        (29, 41, "PER", "باراك أوباما", "باراك أوباما", None),
        (68, 73, "PER", "ترامب", "دونالد ترامب", None),
        (87, 92, "PER", "ترامب", "دونالد ترامب", None),
        (106, 171, "QUOTE", "لا نريد أن يهزأ بنا زعماء آخرون ودول أخرى بعد اليوم. ولن يحدث هذا", None,
         "دونالد ترامب"),
    ]


def _headline_quotes(text: str) -> list[tuple]:
    """The QUOTE spans of the first line (the headline) of an article: (start, end, text, speaker)."""
    df = annotate(text, recognizer="rules")
    df = df[(df.label == "QUOTE") & (df.end <= text.index("\n"))]
    return [(r.start, r.end, r.text, r.speaker) for r in df.itertuples()]


def test_a_person_named_before_the_colon_of_a_headline_quotation_is_its_speaker(jawhara):
    """Tunisian headlines quote as «NAME : "…"»: the person right before the colon said it, with or
    without a space around the colon; a name behind a proclitic is who it was said to («سوريون
    لترامب : "منحبك"», Syrians to Trump: "we love you"), and a title alone names no one here."""
    assert _headline_quotes(jawhara("JA-localNews-325-12012017")) == [(13, 27, "لن أَسْتَقِيلَ", "ناجي جلول")]  # I will not resign
    assert _headline_quotes(jawhara("JA-politic-38-20170126")) == [(15, 29, "نداء تونس بخير", "شكري بن حسن")]  # Nidaa Tounes is fine
    assert _headline_quotes(jawhara("JA-localNews-3593-20160228")) == [
        (15, 73, "كنت اتمنى لو ان الامن التونسي ضرب الدواعش التونسيين بليبيا", "راشد الغنوشي")]
    assert _headline_quotes(jawhara("JA-diverse-277-20170408")) == [(17, 22, "منحبك", None)]
    assert _headline_quotes(jawhara("JA-economy-77-20160328")) == [(21, 54, "تونس منارة أمل في كل أنحاء العالم", None)]


def test_a_name_on_the_next_line_before_the_colon_is_the_speaker_not_the_titles_first_holder():
    """«وقال وزير الخارجية،⏎جدعون ساعر: "…"» ('and the foreign minister said, / Gideon Saar: "…"'):
    the quotation is Saar's, the person before its colon, not Bayramov's, who held the title
    first in the text (written here: no Jawhara FM article breaks a line there)."""
    text = ('التقى وزير الخارجية جيهون بيراموف نظيره. وقال وزير الخارجية،\n'
            'جدعون ساعر: "الزيارة ناجحة"')
    assert _rows(text) == [
        (20, 33, "PER", "جيهون بيراموف", "جيهون بيراموف", None),
        (61, 71, "PER", "جدعون ساعر", "جدعون ساعر", None),
        (74, 87, "QUOTE", "الزيارة ناجحة", None, "جدعون ساعر"),
    ]


def test_a_titles_apposition_wrapped_onto_the_next_line_names_the_verbs_speaker():
    """«وقال وزير الخارجية،⏎جدعون ساعر إن …» ('and the foreign minister said, / Gideon Saar, that
    …', the line wrapped after the comma): Saar is who spoke, so «وأضاف: "…"» ('he added') goes on
    with Saar, not with Bayramov, who held the title first in the text (written here: no Jawhara FM
    article breaks a line there; the two lines of its 10,137 that end on a comma go on with the
    sentence, as this one does)."""
    text = ('التقى وزير الخارجية جيهون بيراموف نظيره. وقال وزير الخارجية،\n'
            'جدعون ساعر إن الزيارة ناجحة.\nوأضاف: "العلاقات قوية"')
    assert _rows(text) == [
        (20, 33, "PER", "جيهون بيراموف", "جيهون بيراموف", None),
        (61, 71, "PER", "جدعون ساعر", "جدعون ساعر", None),
        (98, 111, "QUOTE", "العلاقات قوية", None, "جدعون ساعر"),
    ]


def test_a_person_after_a_title_before_the_colon_is_the_speaker():
    """«وزير الخارجية الإسرائيلي جدعون ساعر: "…"» ('Israeli foreign minister Gideon Saar: "…"', a
    headline without a verb): the name starts after a space, not at the line's start, and is the
    speaker all the same."""
    text = 'وزير الخارجية الإسرائيلي جدعون ساعر: "الزيارة ناجحة"\nوصل ساعر إلى باكو.'
    assert _rows(text) == [
        (25, 35, "PER", "جدعون ساعر", "جدعون ساعر", None),
        (38, 51, "QUOTE", "الزيارة ناجحة", None, "جدعون ساعر"),
        (57, 61, "PER", "ساعر", "جدعون ساعر", None),
        (66, 70, "LOC", "باكو", "باكو", None),
    ]
