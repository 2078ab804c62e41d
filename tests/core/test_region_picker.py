"""Service regions are chosen with check boxes grouped by 市州, not a Ctrl-click list box."""

import pytest
from django import forms

from core.models import Region, RegionLevel
from core.widgets import RegionPicker

pytestmark = pytest.mark.django_db


class _Form(forms.Form):
    regions = forms.ModelMultipleChoiceField(
        queryset=Region.objects.filter(level=RegionLevel.COUNTY).order_by("path"), widget=RegionPicker
    )


def test_counties_are_grouped_by_prefecture_and_a_chosen_group_opens():
    jiangan = Region.objects.get(code="420102")
    html = _Form(initial={"regions": [jiangan]}).as_p()
    assert "<select" not in html and "Ctrl" not in html
    assert html.count('type="checkbox"') == Region.objects.filter(level=RegionLevel.COUNTY).count()
    wuhan_group = html[html.index("<summary>武汉市") - 60 : html.index("<summary>武汉市")]
    assert "open" in wuhan_group
    enshi_group = html[html.index("<summary>恩施") - 60 : html.index("<summary>恩施")]
    assert "open" not in enshi_group
    assert f'value="{jiangan.pk}"' in html and "checked" in html


def test_the_boxes_submit_as_before():
    ids = list(Region.objects.filter(code__in=["420102", "422801"]).values_list("pk", flat=True))
    form = _Form(data={"regions": [str(pk) for pk in ids]})
    assert form.is_valid(), form.errors
    assert sorted(r.pk for r in form.cleaned_data["regions"]) == sorted(ids)
