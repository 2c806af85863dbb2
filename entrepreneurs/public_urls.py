"""The public policies page for residents (no login), mounted at ``/policies/``."""

from django.urls import path

from entrepreneurs import views

app_name = "policies"

urlpatterns = [path("", views.public_policies, name="public")]
