from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from consultations.models import Booking, OpeningHours, Place, Slot, Topic, TriageQuestion
from tests.factories import DepartmentFactory


class PlaceFactory(DjangoModelFactory):
    class Meta:
        model = Place
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试办理点{n}")
    kind = Place.Kind.CENTRE
    address = "祝桥镇测试路 1 号"


class OpeningHoursFactory(DjangoModelFactory):
    class Meta:
        model = OpeningHours

    place = factory.SubFactory(PlaceFactory)
    weekday = 0
    opens_at = datetime.time(9, 0)
    closes_at = datetime.time(11, 0)


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.Sequence(lambda n: f"测试咨询{n}")
    department = factory.SubFactory(DepartmentFactory, code="service_centre", name="社区事务受理服务中心")
    slot_minutes = 30
    capacity = 2
    min_days_ahead = 0
    max_days_ahead = 14
    cutoff_hours = 2

    @factory.post_generation
    def places(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.places.add(*extracted)


class TriageQuestionFactory(DjangoModelFactory):
    class Meta:
        model = TriageQuestion

    topic = factory.SubFactory(TopicFactory)
    text = "您目前处于哪个阶段？"
    kind = TriageQuestion.Kind.CHOICE
    choices = "还在想法阶段\n正在筹备\n已经开业"
    required = True


class SlotFactory(DjangoModelFactory):
    """A slot; pass ``starts_at`` (aware) or get one three days from now at 10:00."""

    class Meta:
        model = Slot

    topic = factory.SubFactory(TopicFactory)
    place = factory.SubFactory(PlaceFactory)
    starts_at = factory.LazyFunction(
        lambda: timezone.make_aware(
            datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=3), datetime.time(10, 0))
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(minutes=30))
    slot_date = factory.LazyAttribute(lambda o: timezone.localtime(o.starts_at).date())
    capacity = factory.LazyAttribute(lambda o: o.topic.capacity)


class BookingFactory(DjangoModelFactory):
    """A booking written directly (tests of staff pages); public paths go through the service."""

    class Meta:
        model = Booking

    code = factory.Sequence(lambda n: f"T{n:07d}")
    slot = factory.SubFactory(SlotFactory)
    topic = factory.LazyAttribute(lambda o: o.slot.topic)
    name = factory.Sequence(lambda n: f"预约人{n}")
    phone = factory.Sequence(lambda n: f"137{n:08d}")
    consent_at = factory.LazyFunction(timezone.now)
    triage_answers = factory.LazyFunction(lambda: [{"question": "您目前处于哪个阶段？", "answer": "正在筹备"}])

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        booking = super()._create(model_class, *args, **kwargs)
        Slot.objects.filter(pk=booking.slot_id).update(
            booked_count=booking.slot.bookings.exclude(status="cancelled").count()
        )
        return booking
