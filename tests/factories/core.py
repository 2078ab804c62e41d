import factory

from core.models import OfficerScope, Region, User


def region(code: str) -> Region:
    """A region loaded by the migrations (the Hubei divisions are in every test database)."""
    return Region.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or "correct-horse-battery")
        if create:
            obj.save(update_fields=["password"])


class OfficerFactory(UserFactory):
    """A program officer scoped to ``region_code`` (default: the province)."""

    @classmethod
    def _create(cls, model_class, *args, region_code: str = "420000", **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        OfficerScope.objects.create(user=user, region=region(region_code))
        return user
