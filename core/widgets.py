"""Form widgets shared by every app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Region, RegionLevel


class RegionPicker(forms.CheckboxSelectMultiple):
    """Service regions as check boxes grouped by 市州 (townships by their county), each group folding away.

    A list box of a hundred counties and a thousand townships needed Ctrl-click on a computer and was nearly unusable
    on a phone. Here every region is a check box a finger can hit; groups with a choice open by themselves; a filter
    box (static/js/site.js) narrows the list by name; without JavaScript the folding groups still work.
    """

    template_name = "core/widgets/region_picker.html"
    filter_placeholder = _("输入地名筛选，如“江岸”")

    def groups(self, name, value, attrs=None):
        options = [(option_value, label) for option_value, label in self.choices if option_value != ""]
        instances = [getattr(option_value, "instance", None) for option_value, _label in options]
        instances = [r for r in instances if r is not None]
        names = dict(
            Region.objects.filter(
                code__in={r.prefecture_code for r in instances} | {r.code for r in instances}
            ).values_list("code", "name")
        )
        parents = dict(
            Region.objects.filter(
                pk__in={r.parent_id for r in instances if r.level == RegionLevel.TOWNSHIP}
            ).values_list("pk", "name")
        )
        chosen = {str(v) for v in value}
        groups = {}
        for index, (option_value, label) in enumerate(options):
            region = getattr(option_value, "instance", None)
            if region is None:
                key = ""
            elif region.level == RegionLevel.TOWNSHIP:
                key = f"{names.get(region.prefecture_code, '')} · {parents.get(region.parent_id, '')}"
            else:
                key = names.get(region.prefecture_code, "")
            selected = str(option_value) in chosen
            option = self.create_option(name, option_value, label, selected, index, attrs=attrs)
            group = groups.setdefault(key, {"name": key, "options": [], "selected": 0})
            group["options"].append(option)
            group["selected"] += selected
        return list(groups.values())

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["groups"] = self.groups(name, context["widget"]["value"], context["widget"]["attrs"])
        context["widget"]["filter_placeholder"] = self.filter_placeholder
        return context
