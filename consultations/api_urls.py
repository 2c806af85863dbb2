"""/api/v1/consultations/...: the public booking API."""

from django.urls import path

from consultations import api

urlpatterns = [
    path("consultations/topics/", api.TopicListView.as_view(), name="consultations-api-topics"),
    path("consultations/slots/", api.SlotListView.as_view(), name="consultations-api-slots"),
    path("consultations/bookings/", api.BookingCreateView.as_view(), name="consultations-api-bookings"),
    path(
        "consultations/bookings/<str:code>/cancel/",
        api.BookingCancelView.as_view(),
        name="consultations-api-booking-cancel",
    ),
]
