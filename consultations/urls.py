from django.urls import path

from consultations import views

app_name = "consultations"

urlpatterns = [
    # Public, no login.
    path("book/", views.book, name="book"),
    path("book/<slug:topic_code>/", views.book_topic, name="book_topic"),
    path("book/<slug:topic_code>/<int:slot_id>/", views.book_slot, name="book_slot"),
    path("booked/<str:code>/", views.booked, name="booked"),
    path("booked/<str:code>/calendar.ics", views.booking_calendar_file, name="booking_ics"),
    path("privacy/", views.privacy, name="privacy"),
    path("manage/", views.manage, name="manage"),
    path("manage/<str:code>/", views.manage_booking, name="manage_booking"),
    # Staff.
    path("", views.day, name="day"),
    path("bookings/<int:pk>/", views.booking_detail, name="booking_detail"),
    path("bookings/<int:pk>/convert/", views.booking_convert, name="booking_convert"),
    path("bookings/<int:pk>/<slug:action>/", views.booking_action, name="booking_action"),
    path("blocks/", views.blocks, name="blocks"),
    path("blocks/<int:pk>/lift/", views.block_lift, name="block_lift"),
]
